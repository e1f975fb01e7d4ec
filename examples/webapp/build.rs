//! Generates the notice of this package's own code into OUT_DIR: the binary serves it, and the
//! run-time gate reads each recipient's hosts from its JSON.

fn main() {
    disclosure::build::run();
}
