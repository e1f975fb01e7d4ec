//! Arbitrary text in every text of a small notice never changes the structure of what the
//! renderers make of it: the Markdown (Japanese, English) has the same headings, links, list
//! items, tables, block quotes, code blocks, HTML and rules as with a harmless text of the same
//! shape, and nothing GitHub would autolink; the HTML page the same tags and attributes, no script,
//! no event handler, unique ids; the Mermaid diagram the same lines, nodes and edges. The checks
//! are those of `disclosure-core/tests/render_structure.rs`, which runs them on a list of hostile
//! texts in `cargo test`. Each input is rendered in one layout (by its length), to keep runs fast.
#![no_main]

#[path = "../../disclosure-core/tests/it/structure/mod.rs"]
mod structure;

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::OnceLock;

use disclosure_core::render::Format;
use libfuzzer_sys::fuzz_target;

type Renders = Vec<(String, Format, Option<String>)>;

fn base() -> &'static serde_json::Value {
    static BASE: OnceLock<serde_json::Value> = OnceLock::new();
    BASE.get_or_init(structure::base)
}

thread_local! {
    /// The placeholders' renderings, by placeholder and layout: many inputs share a shape.
    static HARMLESS: RefCell<HashMap<(String, usize), Renders>> = RefCell::new(HashMap::new());
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    // Long texts find nothing short ones do not, and render slowly.
    if text.len() > 2048 {
        return;
    }
    let all = structure::layouts();
    let layout = text.len() % all.len();
    let layouts = &all[layout..=layout];
    let shape = structure::placeholder(text);
    // A blank text never reaches the model: the catalogue refuses it (D0101).
    if text.trim().is_empty() || shape.trim().is_empty() {
        return;
    }
    HARMLESS.with(|cache| {
        let mut cache = cache.borrow_mut();
        if cache.len() > 256 {
            cache.clear();
        }
        let harmless = cache.entry((shape.clone(), layout)).or_insert_with(|| {
            structure::render_in(&structure::with_text(base(), &shape), layouts)
        });
        structure::assert_structure_as(base(), text, layouts, harmless);
    });
});
