//! One tree for every input syntax: JSON (read with the core's spanned reader, so key order is
//! kept) and YAML (CloudFormation, read by [`crate::yaml`], with its short-form tags `!Ref`,
//! `!Sub`, `!GetAtt`... turned into their long JSON forms). Policy documents are written back from it as JSON text
//! in the order they were written.

use rolecall_core::json::{self, ValueKind};

/// A JSON-like value with ordered object members.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Node {
    /// `null`.
    Null,
    /// `true` / `false`.
    Bool(bool),
    /// A number as written.
    Number(String),
    /// A string.
    String(String),
    /// An array.
    Array(Vec<Node>),
    /// An object, members in order.
    Object(Vec<(String, Node)>),
}

/// Why a text could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxError {
    /// 1-based line.
    pub line: usize,
    /// 1-based column (characters).
    pub column: usize,
    /// What is wrong.
    pub message: String,
}

impl std::fmt::Display for SyntaxError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "line {}, column {}: {}",
            self.line, self.column, self.message
        )
    }
}

/// The 1-based line and column of byte `offset` of `text`.
#[must_use]
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = text.get(..offset.min(text.len())).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

impl Node {
    /// Reads JSON text with the core's reader; the first error (truncated text, a missing
    /// comma...) is returned with its line and column.
    ///
    /// # Errors
    /// The first JSON error.
    pub fn parse_json(text: &str) -> Result<Self, SyntaxError> {
        let (value, diagnostics) = json::parse(text);
        if let Some(d) = diagnostics.iter().find(|d| d.is_error()) {
            let (line, column) = line_column(text, d.span().start);
            return Err(SyntaxError {
                line,
                column,
                message: d.message.clone(),
            });
        }
        value
            .map(|v| Self::from_json(&v))
            .ok_or_else(|| SyntaxError {
                line: 1,
                column: 1,
                message: "no JSON value".to_owned(),
            })
    }

    fn from_json(value: &json::Value) -> Self {
        match &value.kind {
            ValueKind::Null => Self::Null,
            ValueKind::Bool(b) => Self::Bool(*b),
            ValueKind::Number(n) => Self::Number(n.clone()),
            ValueKind::String(s) => Self::String(s.clone()),
            ValueKind::Array(items) => Self::Array(items.iter().map(Self::from_json).collect()),
            ValueKind::Object(members) => {
                let mut out: Vec<(String, Self)> = Vec::with_capacity(members.len());
                for m in members {
                    // The last of repeated keys wins, as in IAM.
                    out.retain(|(k, _)| *k != m.key.value);
                    out.push((m.key.value.clone(), Self::from_json(&m.value)));
                }
                Self::Object(out)
            }
        }
    }

    /// Reads YAML text (CloudFormation templates), see [`crate::yaml`]. Short-form intrinsic
    /// function tags become their long forms: `!Ref X` → `{"Ref": "X"}`, `!GetAtt A.B` →
    /// `{"Fn::GetAtt": ["A", "B"]}`, `!Sub ...` → `{"Fn::Sub": ...}`.
    ///
    /// # Errors
    /// The YAML error with its place.
    pub fn parse_yaml(text: &str) -> Result<Self, SyntaxError> {
        crate::yaml::parse(text)
    }

    /// A string node.
    #[must_use]
    pub fn text(value: &str) -> Self {
        Self::String(value.to_owned())
    }

    /// CloudFormation's `{"Ref": logical}`: the value of a parameter or resource of the
    /// template.
    #[must_use]
    pub fn reference(logical: &str) -> Self {
        Self::Object(vec![("Ref".into(), Self::text(logical))])
    }

    /// A CloudFormation resource: `{"Type": type_name, "Properties": {...}}`.
    #[must_use]
    pub fn resource(type_name: &str, properties: Vec<(String, Self)>) -> Self {
        Self::Object(vec![
            ("Type".into(), Self::text(type_name)),
            ("Properties".into(), Self::Object(properties)),
        ])
    }

    /// The member `key` of an object.
    #[must_use]
    pub fn get(&self, key: &str) -> Option<&Self> {
        match self {
            Self::Object(members) => members.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// The string, if this is one.
    #[must_use]
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Self::String(s) => Some(s),
            _ => None,
        }
    }

    /// The string member `key`.
    #[must_use]
    pub fn str(&self, key: &str) -> Option<&str> {
        self.get(key).and_then(Self::as_str)
    }

    /// The items of the array member `key` (none when absent or not an array).
    #[must_use]
    pub fn items(&self, key: &str) -> &[Self] {
        match self.get(key) {
            Some(Self::Array(items)) => items,
            _ => &[],
        }
    }

    /// The members of an object (none for other values).
    #[must_use]
    pub fn members(&self) -> &[(String, Self)] {
        match self {
            Self::Object(members) => members,
            _ => &[],
        }
    }

    /// Whether this is an object with member `key`.
    #[must_use]
    pub fn has(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    /// Minified JSON text, members in order.
    #[must_use]
    pub fn to_json(&self) -> String {
        let mut out = String::new();
        self.write(&mut out);
        out
    }

    fn write(&self, out: &mut String) {
        match self {
            Self::Null => out.push_str("null"),
            Self::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Self::Number(n) => out.push_str(n),
            Self::String(s) => out.push_str(&quote(s)),
            Self::Array(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    item.write(out);
                }
                out.push(']');
            }
            Self::Object(members) => {
                out.push('{');
                for (i, (k, v)) in members.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    out.push_str(&quote(k));
                    out.push(':');
                    v.write(out);
                }
                out.push('}');
            }
        }
    }
}

/// A JSON string literal.
#[must_use]
pub fn quote(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_keeps_member_order_and_the_last_repeated_key() {
        let node = Node::parse_json(r#"{"b": 1, "a": [true, null, "x"], "b": 2}"#).unwrap();
        assert_eq!(node.to_json(), r#"{"a":[true,null,"x"],"b":2}"#);
    }

    #[test]
    fn truncated_json_is_an_error_with_its_place() {
        let e = Node::parse_json("{\n  \"Roles\": [\n").unwrap_err();
        assert_eq!(e.line, 3, "{e}");
    }

    #[test]
    fn yaml_short_forms_become_long_forms() {
        let node = Node::parse_yaml(
            "A: !Ref Bucket\nB: !GetAtt Role.Arn\nC: !Sub 'arn:${AWS::Partition}:s3:::x'\nD: !Join [':', [a, b]]\n",
        )
        .unwrap();
        assert_eq!(
            node.to_json(),
            r#"{"A":{"Ref":"Bucket"},"B":{"Fn::GetAtt":["Role","Arn"]},"C":{"Fn::Sub":"arn:${AWS::Partition}:s3:::x"},"D":{"Fn::Join":[":",["a","b"]]}}"#
        );
    }
}
