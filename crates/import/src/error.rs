//! Why an input or a policy document is not read: one variant per kind of refusal, each
//! displayed as the message the user sees (`rolecall import`, the page's import panel).

use rolecall_core::diagnostic::backticked;

use crate::MAX_INPUT_BYTES;
use crate::node::SyntaxError;

/// Why an input is not imported ([`crate::read`], [`crate::detect`]).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ImportError {
    /// The text is longer than [`MAX_INPUT_BYTES`].
    #[error(
        "the file is {:.1} MB; the import reads files up to {} MB (an account export of 5,000 identities is about 15 MB): is it the right file?",
        *.bytes as f64 / 1_048_576.0,
        MAX_INPUT_BYTES / 1_048_576
    )]
    TooLarge {
        /// The size of the text, in bytes.
        bytes: usize,
    },
    /// The text is empty (or only white space and a byte order mark).
    #[error("the file is empty")]
    Empty,
    /// The text starts like JSON but does not parse; the error has the line and column.
    #[error("not valid JSON at {0} (is the file complete?)")]
    Json(SyntaxError),
    /// The text is not JSON and does not parse as YAML; the error has the line and column.
    #[error("neither JSON nor YAML: {0}")]
    Yaml(SyntaxError),
    /// YAML without the `Resources` of a CloudFormation template.
    #[error("a YAML file that is not a CloudFormation template (no `Resources`)")]
    YamlNotTemplate,
    /// The top-level value is not an object.
    #[error(
        "the file is not a JSON object: the import reads AWS CLI outputs, CloudFormation templates and Terraform plans"
    )]
    NotAnObject,
    /// A Rolecall scenario, which the page opens instead.
    #[error("{}", crate::SCENARIO_GIVEN)]
    ScenarioGiven,
    /// A `Policy` object of neither `aws iam get-policy` nor `aws organizations describe-policy`.
    #[error(
        "a `Policy` object that is neither `aws iam get-policy` nor `aws organizations describe-policy`"
    )]
    UnknownPolicyObject,
    /// An object of no known format.
    #[error(
        "not a format the import knows (top-level keys {}): expected an AWS CLI output such as `aws iam get-account-authorization-details`, a CloudFormation template or a Terraform plan (see `rolecall import --help`)",
        keys_or_none(.keys)
    )]
    UnknownFormat {
        /// Its first five top-level keys.
        keys: Vec<String>,
    },
}

fn keys_or_none(keys: &[String]) -> String {
    if keys.is_empty() {
        "none".to_owned()
    } else {
        backticked(keys)
    }
}

/// Why a policy document value is not a policy ([`crate::document::document_text`]).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum DocumentError {
    /// A string that is neither JSON nor URL-encoded JSON.
    #[error("a policy document string that is neither JSON nor URL-encoded JSON")]
    NotEncodedJson,
    /// A string that does not parse as JSON; the error has the line and column.
    #[error("a policy document that is not valid JSON ({0})")]
    Json(SyntaxError),
    /// A value that is neither an object nor a string.
    #[error("a policy document that is neither an object nor a string")]
    NotObjectOrString,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::document_text;
    use crate::node::Node;
    use crate::{Input, detect, read};

    fn read_error(text: &str) -> ImportError {
        read(Input { name: "f", text }).unwrap_err()
    }

    fn detect_error(json: &str) -> ImportError {
        detect(&Node::parse_json(json).unwrap()).unwrap_err()
    }

    fn document_error(value: &Node) -> DocumentError {
        document_text(value).unwrap_err()
    }

    /// The error is `variant` and shows `message`.
    fn is_refused<E>(error: E, variant: E, message: &str)
    where
        E: PartialEq + std::fmt::Debug + std::fmt::Display,
    {
        assert_eq!(error, variant);
        assert_eq!(error.to_string(), message);
    }

    #[test]
    fn a_file_over_the_limit_is_too_large_and_says_its_size() {
        let text = " ".repeat(MAX_INPUT_BYTES + 1);
        is_refused(
            read_error(&text),
            ImportError::TooLarge { bytes: text.len() },
            "the file is 25.0 MB; the import reads files up to 25 MB (an account export of 5,000 identities is about 15 MB): is it the right file?",
        );
    }

    #[test]
    fn an_empty_file_is_empty() {
        is_refused(
            read_error("\u{feff}  \n"),
            ImportError::Empty,
            "the file is empty",
        );
    }

    #[test]
    fn truncated_json_is_a_json_error_at_its_line_and_column() {
        let error = read_error("{\"Policy\": ");
        let ImportError::Json(syntax) = &error else {
            panic!("{error:?}");
        };
        assert_eq!((syntax.line, syntax.column), (1, 12));
        assert_eq!(
            error.to_string(),
            format!("not valid JSON at {syntax} (is the file complete?)")
        );
        assert!(
            error
                .to_string()
                .starts_with("not valid JSON at line 1, column 12: ")
        );
    }

    #[test]
    fn text_that_is_neither_json_nor_yaml_is_a_yaml_error_at_its_line_and_column() {
        let error = read_error("a: [1,\nb: }");
        let ImportError::Yaml(syntax) = &error else {
            panic!("{error:?}");
        };
        assert_eq!(
            error.to_string(),
            format!("neither JSON nor YAML: {syntax}")
        );
        assert!(
            error
                .to_string()
                .starts_with("neither JSON nor YAML: line ")
        );
    }

    #[test]
    fn yaml_without_resources_is_not_a_template() {
        is_refused(
            read_error("a: 1\n"),
            ImportError::YamlNotTemplate,
            "a YAML file that is not a CloudFormation template (no `Resources`)",
        );
    }

    #[test]
    fn a_top_level_array_is_not_an_object() {
        is_refused(
            read_error("[]"),
            ImportError::NotAnObject,
            "the file is not a JSON object: the import reads AWS CLI outputs, CloudFormation templates and Terraform plans",
        );
    }

    #[test]
    fn a_rolecall_scenario_is_given_rather_than_imported() {
        is_refused(
            detect_error(r#"{"rolecall": 1}"#),
            ImportError::ScenarioGiven,
            crate::SCENARIO_GIVEN,
        );
    }

    #[test]
    fn a_policy_object_of_no_known_output_is_refused() {
        is_refused(
            detect_error(r#"{"Policy": {"Name": "p"}}"#),
            ImportError::UnknownPolicyObject,
            "a `Policy` object that is neither `aws iam get-policy` nor `aws organizations describe-policy`",
        );
    }

    #[test]
    fn an_unknown_format_names_its_first_five_keys_or_none() {
        is_refused(
            detect_error(r#"{"a": 1, "b": 2, "c": 3, "d": 4, "e": 5, "f": 6}"#),
            ImportError::UnknownFormat {
                keys: ["a", "b", "c", "d", "e"].map(str::to_owned).to_vec(),
            },
            "not a format the import knows (top-level keys `a`, `b`, `c`, `d`, `e`): expected an AWS CLI output such as `aws iam get-account-authorization-details`, a CloudFormation template or a Terraform plan (see `rolecall import --help`)",
        );
        assert!(
            detect_error("{}")
                .to_string()
                .starts_with("not a format the import knows (top-level keys none): ")
        );
    }

    #[test]
    fn a_document_string_that_is_not_json_or_url_encoded_says_so() {
        is_refused(
            document_error(&Node::text("hello")),
            DocumentError::NotEncodedJson,
            "a policy document string that is neither JSON nor URL-encoded JSON",
        );
    }

    #[test]
    fn a_document_string_starting_with_a_brace_is_an_object_or_a_syntax_error() {
        // Only text that starts with `{` is parsed, so it is an object or not JSON at all.
        let error = document_error(&Node::text("{} []"));
        assert!(matches!(error, DocumentError::Json(_)), "{error:?}");
        let error = document_error(&Node::text("%7B%7D%20%5B%5D"));
        assert!(matches!(error, DocumentError::Json(_)), "{error:?}");
    }

    #[test]
    fn a_document_string_that_is_not_valid_json_says_where() {
        let error = document_error(&Node::text("{\"Version\": "));
        let DocumentError::Json(syntax) = &error else {
            panic!("{error:?}");
        };
        assert_eq!(
            error.to_string(),
            format!("a policy document that is not valid JSON ({syntax})")
        );
        assert!(error.to_string().contains("(line 1, column "));
    }

    #[test]
    fn a_document_that_is_neither_object_nor_string_says_so() {
        is_refused(
            document_error(&Node::Number("1".to_owned())),
            DocumentError::NotObjectOrString,
            "a policy document that is neither an object nor a string",
        );
    }
}
