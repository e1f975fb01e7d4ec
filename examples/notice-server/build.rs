//! Generates the notice of this package's own code into OUT_DIR, for `include_str!`.

fn main() {
    disclosure::build::run();
}
