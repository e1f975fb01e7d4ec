#!/usr/bin/env bash
# Runs every fuzz target for a bounded time: fuzz/run.sh [SECONDS per target, default 60].
# Needs the nightly toolchain and cargo-fuzz (`cargo install cargo-fuzz`). A crash leaves its input
# in fuzz/artifacts/<target>/; turn it into a regression test before fixing it.
set -euo pipefail
cd "$(dirname "$0")"
seconds="${1:-60}"
for target in catalogue annotation scanner render render_structure capture discovery; do
    echo "== fuzz $target for ${seconds}s"
    # A scratch copy of the committed seeds, so runs never grow the committed corpus.
    work="$(mktemp -d)"
    cp -r "corpus/$target/." "$work/"
    cargo +nightly fuzz run "$target" "$work" -- -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048
    rm -rf "$work"
done
