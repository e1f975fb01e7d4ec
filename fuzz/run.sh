#!/usr/bin/env bash
# Runs every fuzz target for a bounded time: fuzz/run.sh [SECONDS per target, default 60] [BUILD
# OPTIONS of `cargo fuzz run`]. Needs the nightly toolchain and cargo-fuzz (`cargo install
# cargo-fuzz`). A crash leaves its input in fuzz/artifacts/<target>/; turn it into a regression
# test before fixing it.
#
# By default the targets are built as cargo-fuzz builds them: optimized, with debug assertions and
# AddressSanitizer. CI's short run passes `--dev --sanitizer none`: the build takes a third of the
# time, and a run still finds panics, overflows, hangs and runaway memory (the project has no
# `unsafe` code for the sanitizer to watch).
#
# Each target starts from a scratch corpus: the hand-written seeds under corpus/<target>/ and
# seeds taken from the repository as it is now (the examples' catalogues, notices, sources and
# pages), so the seeds never drift from the files they stand for and runs never grow the
# committed corpus.
set -euo pipefail
cd "$(dirname "$0")"
seconds="${1:-60}"
shift || true
root=..

# Copies each file into directory $1, its first byte set to $2 (a target that picks a reader or a
# file name by its input's first byte), or as it is when $2 is empty.
seed() {
    local dir="$1" prefix="$2"
    shift 2
    for file in "$@"; do
        [ -f "$file" ] || continue
        local name
        name="$(echo "$file" | tr '/.' '__')"
        if [ -n "$prefix" ]; then
            { printf "\\x$prefix"; cat "$file"; } > "$dir/$name"
        else
            cp "$file" "$dir/$name"
        fi
    done
}

for target in catalogue annotation scanner render render_structure capture discovery gate_host; do
    echo "== fuzz $target for ${seconds}s"
    work="$(mktemp -d)"
    if [ -d "corpus/$target" ]; then
        cp -r "corpus/$target/." "$work/"
    fi
    case "$target" in
        catalogue) seed "$work" "" $root/examples/*/disclosure.toml $root/cargo-disclosure/src/commands/starter.toml ;;
        render) seed "$work" "" $root/examples/*/notice.json ;;
        scanner) seed "$work" "" $root/examples/*/src/*.rs ;;
        # The discovery target names the file by the first byte: 00 is index.html.
        discovery) seed "$work" 00 $root/examples/webapp/assets/index.html ;;
    esac
    cargo +nightly fuzz run "$@" "$target" "$work" -- -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048
    rm -rf "$work"
done
