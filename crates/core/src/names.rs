//! Enums written by name in the scenario format: each one's names are one table, read both
//! ways (the name of a value, the value of a name) by the same code.

/// An enum whose values are written by name in the scenario format.
pub trait Named: Copy + PartialEq + 'static {
    /// Every value with its name in the format, in the order a front end offers them.
    const ALL: &'static [(Self, &'static str)];

    /// The name in the format.
    #[must_use]
    fn name(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(value, _)| *value == self)
            .map_or("", |(_, name)| name)
    }

    /// The value called `name` in the format.
    #[must_use]
    fn from_name(name: &str) -> Option<Self> {
        Self::ALL
            .iter()
            .find(|(_, n)| *n == name)
            .map(|(value, _)| *value)
    }
}
