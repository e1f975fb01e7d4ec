//! Closed sets of values written by id (`mechanism = sdk`, `basis = "opt_out"`), each declared once
//! with [`choices!`](crate::choices): the enum, its ids, its serde and JSON Schema forms and its
//! parsing all come from the one list, so no id is spelled twice and no value can compile without
//! being parseable.

/// A closed set of values written by id.
pub trait Choice: Copy + Eq + Sized + 'static {
    /// Every value, in order.
    const ALL: &'static [Self];
    /// What the set is called in messages ("mechanism").
    const NOUN: &'static str;

    /// The id written in annotations and `disclosure.toml`.
    fn id(self) -> &'static str;

    /// The value with this id.
    fn from_id(id: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|v| v.id() == id)
    }

    /// Every id, for messages.
    fn ids() -> Vec<&'static str> {
        Self::ALL.iter().map(|v| v.id()).collect()
    }

    /// The error for an id that names no value: every valid id, and the nearest one.
    fn unknown(given: &str) -> String {
        let ids = Self::ids();
        let mut text = format!(
            "unknown {} `{given}`: use one of {}",
            Self::NOUN,
            ids.join(", ")
        );
        if let Some(s) = crate::foundation::suggest::did_you_mean(given, ids.iter().copied()) {
            text = format!("{text} ({s})");
        }
        text
    }
}

/// Declares a closed set: the enum (with `Clone, Copy, Eq, Ord, Hash, Debug`), its [`Choice`]
/// implementation, `Display` and `FromStr` by id, serde by id and, with the engine, a JSON Schema
/// of its ids (each with its doc comment).
///
/// ```ignore
/// choices! {
///     /// How information leaves the user's device.
///     #[non_exhaustive]
///     pub enum Mechanism("mechanism") {
///         /// A script embedded in a web page.
///         Tag = "tag",
///         Sdk = "sdk",
///     }
/// }
/// ```
#[macro_export]
#[doc(hidden)]
macro_rules! choices {
    ($(
        $(#[$meta:meta])*
        $vis:vis enum $name:ident ($noun:literal) {
            $($(#[$vmeta:meta])* $variant:ident = $id:literal),+ $(,)?
        }
    )+) => {$(
        $(#[$meta])*
        #[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
        #[cfg_attr(feature = "engine", derive(::schemars::JsonSchema))]
        $vis enum $name {
            $($(#[$vmeta])* #[cfg_attr(feature = "engine", schemars(rename = $id))] $variant,)+
        }

        impl $crate::foundation::choice::Choice for $name {
            const ALL: &'static [Self] = &[$(Self::$variant),+];
            const NOUN: &'static str = $noun;

            fn id(self) -> &'static str {
                match self {
                    $(Self::$variant => $id,)+
                }
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str($crate::foundation::choice::Choice::id(*self))
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = ::std::string::String;

            fn from_str(s: &str) -> ::std::result::Result<Self, Self::Err> {
                <Self as $crate::foundation::choice::Choice>::from_id(s)
                    .ok_or_else(|| <Self as $crate::foundation::choice::Choice>::unknown(s))
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> ::std::result::Result<S::Ok, S::Error> {
                s.serialize_str($crate::foundation::choice::Choice::id(*self))
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> ::std::result::Result<Self, D::Error> {
                let text = <::std::borrow::Cow<'de, str> as ::serde::Deserialize>::deserialize(d)?;
                text.parse().map_err(::serde::de::Error::custom)
            }
        }
    )+};
}

#[cfg(all(test, feature = "engine"))]
mod tests {
    use super::Choice;

    crate::choices! {
        /// A test set.
        #[derive(Default)]
        enum Colour("colour") {
            #[default]
            Red = "red",
            DarkBlue = "dark_blue",
        }
    }

    #[test]
    fn ids_round_trip_through_parsing_and_serde() {
        for c in Colour::ALL {
            assert_eq!(c.id().parse::<Colour>(), Ok(*c));
            let json = serde_json::to_string(c).unwrap();
            assert_eq!(serde_json::from_str::<Colour>(&json).unwrap(), *c);
        }
        assert_eq!(Colour::default(), Colour::Red);
        let err = "dark_bleu".parse::<Colour>().unwrap_err();
        assert!(err.contains("use one of red, dark_blue"), "{err}");
        assert!(err.contains("dark_blue"), "{err}");
    }
}
