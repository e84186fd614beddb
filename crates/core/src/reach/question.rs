//! Why a question of the access graph could not be answered: one typed error for the front
//! ends (the CLI's `can-what`, the page's "Who can?" view), whose `Display` is the message they
//! show as it is.

/// Why a who-can or can-what question could not be answered. `Display` gives a one-line message
/// for the user (lowercase, what they typed in backticks).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum QuestionError {
    /// can-what was asked about a principal that is not a node of the graph.
    #[error("no principal `{principal}` in the scenario")]
    UnknownPrincipal {
        /// The principal as asked.
        principal: String,
    },
}
