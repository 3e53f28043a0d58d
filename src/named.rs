//! Enums whose values users type by name: entity kinds, transcript and export formats, image
//! formats, colourings.
//!
//! Each such enum needs the same four things — the list of its values, the name of each, a
//! `Display` that writes the name and a `FromStr` that reads it in any case and, on a typo, says
//! which names exist. Written by hand they drifted apart (one error listed the names, another
//! wrote "svg, png or pdf" and would have gone stale with a fourth format), so `named_enum!`
//! writes them once. The [`Named`] trait lets code above the library (the command line's value
//! parsers, `--help`'s possible values) treat them all alike without the library depending on
//! clap.

/// An enum with a fixed set of values, each with the name users type.
pub trait Named: Copy + Sized + 'static {
    /// What a value is called in messages ("kind", "format").
    const WHAT: &'static str;
    /// Every value, in the order documentation lists them.
    const VALUES: &'static [Self];

    /// The name users type and outputs write.
    fn name(self) -> &'static str;

    /// The value called `name`, ignoring ASCII case; otherwise a message naming every value.
    fn from_name(name: &str) -> Result<Self, String> {
        Self::VALUES
            .iter()
            .copied()
            .find(|v| v.name().eq_ignore_ascii_case(name))
            .ok_or_else(|| {
                let names: Vec<&str> = Self::VALUES.iter().map(|v| v.name()).collect();
                format!(
                    "unknown {} '{name}' (expected one of: {})",
                    Self::WHAT,
                    names.join(", ")
                )
            })
    }
}

/// Defines an enum of [`Named`] values, with `ALL`, `name()`, `Display` and `FromStr`.
///
/// ```text
/// named_enum! {
///     /// What node colours show.
///     #[derive(Clone, Copy, Debug, PartialEq, Eq)]
///     pub enum ColorBy: "colouring" {
///         /// The entity's kind.
///         Kind = "kind",
///         /// The entity's community.
///         Community = "community",
///     }
/// }
/// ```
macro_rules! named_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $Enum:ident: $what:literal {
            $( $(#[$vmeta:meta])* $Variant:ident = $name:literal ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        $vis enum $Enum {
            $( $(#[$vmeta])* $Variant ),+
        }

        impl $Enum {
            /// Every value, in the order documentation lists them.
            pub const ALL: [$Enum; [$($name),+].len()] = [$($Enum::$Variant),+];

            /// The name users type and outputs write.
            pub fn name(self) -> &'static str {
                match self {
                    $($Enum::$Variant => $name),+
                }
            }
        }

        impl $crate::named::Named for $Enum {
            const WHAT: &'static str = $what;
            const VALUES: &'static [$Enum] = &$Enum::ALL;

            fn name(self) -> &'static str {
                $Enum::name(self)
            }
        }

        impl ::std::fmt::Display for $Enum {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.name())
            }
        }

        impl ::std::str::FromStr for $Enum {
            type Err = String;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                <$Enum as $crate::named::Named>::from_name(s)
            }
        }
    };
}

pub(crate) use named_enum;

#[cfg(test)]
mod tests {
    use super::Named;

    named_enum! {
        /// A test enum.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        enum Shape: "shape" {
            /// Round.
            Circle = "circle",
            /// Four sides.
            Square = "square",
            /// Two words in its name.
            RoundedBox = "rounded-box",
        }
    }

    #[test]
    fn names_read_back_in_any_case_and_typos_list_every_name() {
        for shape in Shape::ALL {
            assert_eq!(shape.name().parse::<Shape>(), Ok(shape));
            assert_eq!(shape.to_string(), shape.name());
        }
        assert_eq!("ROUNDED-box".parse::<Shape>(), Ok(Shape::RoundedBox));
        assert_eq!(
            "oval".parse::<Shape>(),
            Err("unknown shape 'oval' (expected one of: circle, square, rounded-box)".to_owned())
        );
        assert_eq!(Shape::VALUES.len(), 3);
        assert_eq!(Shape::WHAT, "shape");
    }
}
