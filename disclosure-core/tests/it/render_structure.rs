//! No text, however hostile, changes a notice's structure: the Markdown has exactly the headings,
//! links, list items, tables, block quotes, code blocks, HTML and rules the same notice has with a
//! harmless text of the same shape, and nothing GitHub would autolink; the HTML has exactly its
//! tags and attributes, no script, no event handler and unique ids; the Mermaid diagram has its
//! lines, nodes and edges. The `render_structure` fuzz target checks the same on arbitrary text.

use crate::structure::*;

#[test]
fn no_hostile_text_changes_the_structure() {
    let base = base();
    // A blank text never reaches the model (the catalogue refuses it, D0101), so it is not tried.
    for text in HOSTILE.iter().filter(|t| !t.trim().is_empty()) {
        assert_same_structure(&base, text);
    }
    // All of them at once, in every text.
    assert_same_structure(&base, &HOSTILE.join("\n"));
}

#[test]
fn the_placeholder_renders_every_section() {
    let base = base();
    let rendered = render_all(&with_text(&base, "x"));
    for (name, _, text) in &rendered {
        assert!(text.is_some(), "{name} does not render");
    }
    let (_, _, md) = &rendered[0];
    let shape = markdown_shape(md.as_deref().unwrap());
    // The page's own sections and both recipients' transmissions are there to be compared.
    assert!(shape["heading H2"] >= 5, "{shape:?}");
    assert!(shape["heading H4"] >= 2, "{shape:?}");
    assert!(
        shape
            .keys()
            .any(|k| k.starts_with("link https://a.example/opt-out"))
    );
}

#[test]
fn the_shape_checks_find_what_they_look_for() {
    // A line break that is not escaped would make a heading; the checks must see it.
    assert_ne!(markdown_shape("- a\r# b\n"), markdown_shape("- a # b\n"));
    assert_eq!(
        autolinks("see www.x.example and https://x.example"),
        ["www", "scheme"]
    );
    assert!(autolinks("[a](https://x.example) https\\://x").is_empty());
    assert_eq!(autolinks("@user #1"), ["mention", "issue"]);
    assert_ne!(html_shape("<p>a</p>"), html_shape("<p>a<b>b</b></p>"));
    assert_ne!(mermaid_shape("a[\"x\"]"), mermaid_shape("a[\"x\"]\nb"));
    assert_eq!(mermaid_shape("a[\"x\"]"), mermaid_shape("a[\"y y\"]"));
    assert_eq!(placeholder("a\r\nb\n\n- c\n- d"), "x\nx\n\n- x\n- x");
}
