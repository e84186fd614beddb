//! YAML (CloudFormation templates) read into a [`Node`] with the maintained `yaml-rust2` event
//! parser (YAML 1.2), instead of the unmaintained `serde_yaml`.
//!
//! Plain scalars are typed by the YAML 1.2 core schema (`null`, `~` and nothing are null, `true`
//! and `false` in their three spellings are booleans, and a scalar written as a JSON number is a
//! number); quoted and block scalars are strings. CloudFormation's short-form tags become their
//! long forms: `!Ref X` → `{"Ref": "X"}`, `!Condition X` → `{"Condition": "X"}`,
//! `!GetAtt A.B` → `{"Fn::GetAtt": ["A", "B"]}`, and `!Sub`, `!Join`, `!If`... → `{"Fn::Sub": ...}`
//! (AWS CloudFormation User Guide, "Intrinsic function reference": the short form of each).
//! Anchors and aliases are followed; of repeated keys the last wins, as in the JSON reader.

use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser, Tag};
use yaml_rust2::scanner::{Marker, TScalarStyle};

use crate::node::{Node, SyntaxError};

/// A collection being read.
#[derive(Debug)]
enum Frame {
    Sequence(Vec<Node>, usize, Option<Tag>),
    /// Members, the key waiting for its value, anchor, tag.
    Mapping(Vec<(String, Node)>, Option<String>, usize, Option<Tag>),
}

#[derive(Debug, Default)]
struct Builder {
    stack: Vec<Frame>,
    anchors: Vec<(usize, Node)>,
    root: Option<Node>,
}

/// Whether `s` is written as a JSON number (so that writing it back as JSON keeps it valid).
fn is_json_number(s: &str) -> bool {
    let rest = s.strip_prefix('-').unwrap_or(s);
    let (int, frac_exp) = rest
        .find(['.', 'e', 'E'])
        .map_or((rest, ""), |i| rest.split_at(i));
    let int_ok = int == "0"
        || (!int.is_empty() && !int.starts_with('0') && int.bytes().all(|b| b.is_ascii_digit()));
    if !int_ok {
        return false;
    }
    let (frac, exp) = match frac_exp.find(['e', 'E']) {
        Some(i) => frac_exp.split_at(i),
        None => (frac_exp, ""),
    };
    let frac_ok = frac.is_empty()
        || frac
            .strip_prefix('.')
            .is_some_and(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()));
    let exp_ok = exp.is_empty()
        || exp
            .get(1..)
            .map(|e| e.strip_prefix(['+', '-']).unwrap_or(e))
            .is_some_and(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()));
    frac_ok && exp_ok
}

/// A scalar's value: plain scalars typed by the core schema, others strings.
fn scalar(value: String, style: TScalarStyle, tag: Option<&Tag>) -> Node {
    if style != TScalarStyle::Plain || tag.is_some_and(|t| t.suffix == "str") {
        return Node::String(value);
    }
    match value.as_str() {
        "" | "~" | "null" | "Null" | "NULL" => Node::Null,
        "true" | "True" | "TRUE" => Node::Bool(true),
        "false" | "False" | "FALSE" => Node::Bool(false),
        v if is_json_number(v) => Node::Number(value),
        _ => Node::String(value),
    }
}

/// A local tag (`!Ref`, `!GetAtt`...) turned into CloudFormation's long form; other tags
/// (`!!str`, `!!map`...) leave the node as it is.
fn tagged(node: Node, tag: Option<Tag>) -> Node {
    let Some(tag) = tag else {
        return node;
    };
    if tag.handle != "!" || tag.suffix.is_empty() {
        return node;
    }
    let name = match tag.suffix.as_str() {
        "Ref" | "Condition" => tag.suffix.clone(),
        other => format!("Fn::{other}"),
    };
    let inner = match (tag.suffix.as_str(), node) {
        ("GetAtt", Node::String(s)) => match s.split_once('.') {
            Some((a, b)) => {
                Node::Array(vec![Node::String(a.to_owned()), Node::String(b.to_owned())])
            }
            None => Node::String(s),
        },
        (_, inner) => inner,
    };
    Node::Object(vec![(name, inner)])
}

/// A mapping key as text (a collection used as a key is written as JSON).
fn key_text(node: &Node) -> String {
    match node {
        Node::String(s) | Node::Number(s) => s.clone(),
        Node::Bool(b) => b.to_string(),
        Node::Null => String::new(),
        other => other.to_json(),
    }
}

impl Builder {
    fn finish(&mut self, node: Node, anchor: usize) {
        if anchor > 0 {
            self.anchors.push((anchor, node.clone()));
        }
        match self.stack.last_mut() {
            Some(Frame::Sequence(items, ..)) => items.push(node),
            Some(Frame::Mapping(members, key, ..)) => match key.take() {
                None => *key = Some(key_text(&node)),
                Some(k) => {
                    members.retain(|(m, _)| *m != k);
                    members.push((k, node));
                }
            },
            None => {
                if self.root.is_none() {
                    self.root = Some(node);
                }
            }
        }
    }
}

impl MarkedEventReceiver for Builder {
    fn on_event(&mut self, event: Event, _mark: Marker) {
        match event {
            Event::Scalar(value, style, anchor, tag) => {
                let node = scalar(value, style, tag.as_ref());
                self.finish(tagged(node, tag), anchor);
            }
            Event::SequenceStart(anchor, tag) => {
                self.stack.push(Frame::Sequence(Vec::new(), anchor, tag));
            }
            Event::MappingStart(anchor, tag) => {
                self.stack
                    .push(Frame::Mapping(Vec::new(), None, anchor, tag));
            }
            Event::SequenceEnd | Event::MappingEnd => match self.stack.pop() {
                Some(Frame::Sequence(items, anchor, tag)) => {
                    self.finish(tagged(Node::Array(items), tag), anchor);
                }
                Some(Frame::Mapping(members, _, anchor, tag)) => {
                    self.finish(tagged(Node::Object(members), tag), anchor);
                }
                None => {}
            },
            Event::Alias(id) => {
                let node = self
                    .anchors
                    .iter()
                    .rev()
                    .find(|(a, _)| *a == id)
                    .map_or(Node::Null, |(_, n)| n.clone());
                self.finish(node, 0);
            }
            Event::Nothing
            | Event::StreamStart
            | Event::StreamEnd
            | Event::DocumentStart
            | Event::DocumentEnd => {}
        }
    }
}

/// Reads the first document of YAML text.
///
/// # Errors
/// The parser's error with its 1-based line and column.
pub fn parse(text: &str) -> Result<Node, SyntaxError> {
    let mut builder = Builder::default();
    let mut parser = Parser::new_from_str(text);
    parser.load(&mut builder, false).map_err(|e| SyntaxError {
        line: e.marker().line(),
        column: e.marker().col() + 1,
        message: e.info().to_owned(),
    })?;
    Ok(builder.root.unwrap_or(Node::Null))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn json(yaml: &str) -> String {
        parse(yaml).unwrap().to_json()
    }

    #[test]
    fn plain_scalars_are_typed_by_the_core_schema_and_quoted_ones_are_strings() {
        for (yaml, want) in [
            ("a: 1", r#"{"a":1}"#),
            ("a: -1.5e3", r#"{"a":-1.5e3}"#),
            ("a: '1'", r#"{"a":"1"}"#),
            ("a: 2012-10-17", r#"{"a":"2012-10-17"}"#),
            ("a: true", r#"{"a":true}"#),
            ("a: 'true'", r#"{"a":"true"}"#),
            ("a: ~", r#"{"a":null}"#),
            ("a:", r#"{"a":null}"#),
            ("a: 0x1F", r#"{"a":"0x1F"}"#),
            ("a: 007", r#"{"a":"007"}"#),
            ("a: !!str 12", r#"{"a":"12"}"#),
            ("a: |\n  x\n  y\n", r#"{"a":"x\ny\n"}"#),
        ] {
            assert_eq!(json(yaml), want, "{yaml}");
        }
    }

    #[test]
    fn short_form_intrinsics_become_long_forms() {
        assert_eq!(
            json(
                "A: !Ref Bucket\nB: !GetAtt Role.Arn\nC: !Sub 'arn:${AWS::Partition}:s3:::x'\nD: !Join [':', [a, b]]\nE: !If [Cond, !Ref X, !Ref 'AWS::NoValue']\n"
            ),
            r#"{"A":{"Ref":"Bucket"},"B":{"Fn::GetAtt":["Role","Arn"]},"C":{"Fn::Sub":"arn:${AWS::Partition}:s3:::x"},"D":{"Fn::Join":[":",["a","b"]]},"E":{"Fn::If":["Cond",{"Ref":"X"},{"Ref":"AWS::NoValue"}]}}"#
        );
    }

    #[test]
    fn anchors_are_followed_and_the_last_repeated_key_wins() {
        assert_eq!(
            json("base: &b {x: 1}\ncopy: *b\nk: 1\nk: 2\n"),
            r#"{"base":{"x":1},"copy":{"x":1},"k":2}"#
        );
    }

    #[test]
    fn a_syntax_error_has_its_line_and_column() {
        let e = parse("Resources:\n  Role:\n    Type: [unclosed\n").unwrap_err();
        assert!(e.line >= 3, "{e}");
    }
}
