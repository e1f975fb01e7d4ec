//! Generates the notice of this package's own code into OUT_DIR, for `include_str!`.

fn main() {
    if let Err(e) = disclosure::build::generate() {
        panic!("{e}");
    }
}
