//! The built server answers on loopback with the notice its build script embedded.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::time::Duration;

#[test]
fn serves_the_notice_over_http_on_loopback() {
    let mut server = Command::new(env!("CARGO_BIN_EXE_notice-server"))
        .args(["--addr", "127.0.0.1:0"])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(server.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    let addr = first
        .trim()
        .strip_prefix("listening on http://")
        .and_then(|a| a.strip_suffix('/'))
        .unwrap_or_else(|| panic!("unexpected first line {first:?}"))
        .to_string();
    let get = |path: &str| {
        let mut stream = TcpStream::connect(&addr).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        write!(
            stream,
            "GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut response = String::new();
        stream.read_to_string(&mut response).unwrap();
        response
    };
    let page = get("/");
    let markdown = get("/notice.ja.md");
    server.kill().unwrap();
    server.wait().unwrap();
    assert!(page.starts_with("HTTP/1.1 200"), "{page:.200}");
    assert!(
        page.contains("Content-Type: text/html; charset=utf-8"),
        "{page:.400}"
    );
    assert!(
        page.contains(
            "<h3 id=\"ja-recipient_google-analytics_heading\">Google アナリティクス</h3>"
        ),
        "{page:.200}"
    );
    assert!(
        markdown.contains("- 閲覧したページのURL\n"),
        "{markdown:.400}"
    );
}

#[test]
fn the_binary_prints_the_notice_its_build_script_embedded() {
    let out = Command::new(env!("CARGO_BIN_EXE_notice-server"))
        .arg("--print")
        .output()
        .unwrap();
    assert!(out.status.success());
    let manifest = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml");
    let (notice, _) = disclosure::engine::notice(Some(&manifest)).unwrap();
    let expected = disclosure::engine::render(
        &notice,
        disclosure::engine::Format::named("markdown"),
        disclosure::engine::Lang::Ja,
    )
    .unwrap();
    assert_eq!(String::from_utf8(out.stdout).unwrap(), expected);
}
