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

/// Declares an enum written by name in the scenario format together with its [`Named`] table:
/// each variant once, with its name (`Beginner = "beginner"`), in the order front ends offer
/// them. Attributes and doc comments go on the enum and its variants as usual.
macro_rules! named_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $(
                $(#[$variant_meta:meta])*
                $variant:ident = $word:literal
            ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        $vis enum $name {
            $(
                $(#[$variant_meta])*
                $variant,
            )+
        }

        impl $crate::names::Named for $name {
            const ALL: &'static [(Self, &'static str)] = &[$((Self::$variant, $word)),+];
        }
    };
}
pub(crate) use named_enum;
