//! The registries of extension points: output formats, layouts, discovery sources, capture
//! readers, lints. Each is a list in one file, one line per entry, that declares the entry's module
//! and lists its value, so that adding an entry is one new file and one line.

/// Declares the modules of a registry and the list of their entries, one line each:
///
/// ```ignore
/// registry! {
///     /// Every output format, in the order `--help` lists them.
///     pub(crate) static FORMATS: [&dyn OutputFormat] = [
///         markdown::Markdown,
///         html::Html,
///     ];
/// }
/// ```
#[macro_export]
#[doc(hidden)]
macro_rules! registry {
    (
        $(#[$meta:meta])*
        $vis:vis static $name:ident: [&dyn $trait:path] = [
            $($(#[$entry_meta:meta])* $module:ident :: $entry:ident),* $(,)?
        ];
    ) => {
        $($(#[$entry_meta])* mod $module;)*

        $(#[$meta])*
        $vis static $name: &[&dyn $trait] = &[$($(#[$entry_meta])* &$module::$entry),*];
    };
}
