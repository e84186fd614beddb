//! A question of the access graph as a front end asks it (the CLI's `who-can` and `can-what`,
//! the page's "Who can?" view): the rule that reads what was typed, and the one typed error
//! whose `Display` is the message the front ends show as it is.

/// Why a who-can or can-what question could not be answered. `Display` gives a one-line message
/// for the user (lowercase, what they typed in backticks).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum QuestionError {
    /// who-can was asked with no action (nothing typed, or only spaces).
    #[error("type an action such as `s3:GetObject`")]
    NoAction,
    /// can-what was asked before the front end had the AWS catalog, which groups the actions by
    /// service and access level (the page reads it after its first decision).
    #[error("the AWS catalog is still loading; can-what needs it to group the actions")]
    NoCatalog,
    /// can-what was asked about a principal that is not a node of the graph.
    #[error("no principal `{principal}` in the scenario")]
    UnknownPrincipal {
        /// The principal as asked.
        principal: String,
    },
}

/// The action and resource of a who-can question as typed: both trimmed, and an empty resource
/// read as `*` (every resource, for actions that take none).
///
/// # Errors
///
/// [`QuestionError::NoAction`] when the action is empty.
///
/// # Examples
///
/// ```
/// use rolecall_core::reach::{QuestionError, who_can_target};
///
/// assert_eq!(who_can_target(" s3:GetObject ", ""), Ok(("s3:GetObject", "*")));
/// assert_eq!(who_can_target("  ", "*"), Err(QuestionError::NoAction));
/// ```
pub fn who_can_target<'a>(
    action: &'a str,
    resource: &'a str,
) -> Result<(&'a str, &'a str), QuestionError> {
    let action = action.trim();
    if action.is_empty() {
        return Err(QuestionError::NoAction);
    }
    let resource = match resource.trim() {
        "" => "*",
        resource => resource,
    };
    Ok((action, resource))
}
