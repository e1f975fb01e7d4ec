#!/usr/bin/env bash
# The Bazel rules (bazel/defs.bzl) on a generated workspace of many crates, offline: the first
# build runs one action per crate and one for the notice, and gives the notice `generate` gives
# from the sources; a comment added to one crate re-runs that crate's action alone; a changed
# annotation re-runs that crate's action and the notice's, and the committed notice's test then
# fails, saying how to refresh it. A module left out of a crate's srcs fails its action.
#
# Usage: tests/bazel/run.sh path/to/cargo-disclosure
# Needs `bazel` (Debian: apt-get install bazel-bootstrap). Without it the script fails, unless
# DISCLOSURE_BAZEL_OPTIONAL=1, where it prints `SKIP bazel: …` and succeeds.
set -euo pipefail

if [ $# -ne 1 ]; then
    echo "usage: $0 path/to/cargo-disclosure" >&2
    exit 2
fi
if [ ! -f "$1" ] || [ ! -x "$1" ]; then
    echo "$1 is not an executable file" >&2
    exit 2
fi
repo=$(cd "$(dirname "$0")/../.." && pwd)
tool=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
if ! command -v bazel >/dev/null 2>&1; then
    if [ "${DISCLOSURE_BAZEL_OPTIONAL:-}" = 1 ]; then
        echo "SKIP bazel: no bazel on PATH (Debian: apt-get install bazel-bootstrap)"
        exit 0
    fi
    echo "no bazel on PATH: install it (Debian: apt-get install bazel-bootstrap), or set DISCLOSURE_BAZEL_OPTIONAL=1 to skip" >&2
    exit 1
fi

CRATES=60
tmp=$(mktemp -d)
ws=$tmp/ws
mkdir -p "$ws"
# Bazel in workspace $1. Nothing from the user's bazelrc (the system's says where a distribution
# installed Bazel); the servers' files under $tmp; a server left behind by a killed run goes away
# by itself.
bz_in() {
    local dir=$1
    shift
    (cd "$dir" && bazel --nohome_rc --output_user_root="$tmp/root" \
        --host_jvm_args=-Xmx1g --max_idle_secs=300 "$@")
}
bz() {
    bz_in "$ws" "$@"
}
cleanup() {
    bz shutdown >/dev/null 2>&1 || true
    if [ -d "$tmp/elsewhere/ws" ]; then
        bz_in "$tmp/elsewhere/ws" shutdown >/dev/null 2>&1 || true
    fi
    # Bazel leaves its outputs read-only.
    chmod -R u+w "$tmp" 2>/dev/null || true
    rm -rf "$tmp"
}
trap cleanup EXIT
fail() {
    echo "FAIL: $*" >&2
    exit 1
}

# --- The workspace --------------------------------------------------------------------------
# The rules as the repository ships them, and the tool where their default label expects it.
mkdir -p "$ws/bazel"
cp "$repo/bazel/defs.bzl" "$repo/bazel/BUILD.bazel" "$ws/bazel/"
ln -s "$tool" "$ws/bazel/cargo-disclosure"
: > "$ws/WORKSPACE"
cat > "$ws/.bazelrc" <<EOF
# The sandbox that works wherever the process can start processes (no namespaces needed).
build --spawn_strategy=processwrapper-sandbox
# A cache shared by every workspace of the test, as a remote cache would be.
build --disk_cache=$tmp/cache
# Debian's system bazelrc turns the sandbox's debugging output on.
build --nosandbox_debug
build --noshow_progress --color=no --curses=no
test --test_output=errors
# Bazel 4 gives every test a coverage report generator it downloads; offline, a local file stands
# in (no coverage is collected).
build --coverage_report_generator=@bazel_tools//tools/test:coverage_support
EOF

cat > "$ws/disclosure.toml" <<'EOF'
[notice]
last_updated = 2026-01-15
contact = { ja = "privacy@example.jp までご連絡ください。", en = "Write to privacy@example.jp." }

[operator]
name = { ja = "雲工業株式会社", en = "Kumo Kogyo K.K." }
services = [{ ja = "雲ノート", en = "Kumo Notes" }]

[[provider]]
id = "google-analytics"
role = "controller"
recipient_use = { ja = "Google は、収集した情報を分析・集計し、当社に報告します。", en = "Google analyses and aggregates the information and reports to us." }
opt_out = { url = "https://tools.google.com/dlpage/gaoptout" }

# A recipient the built-in catalogue does not know: the crates' annotations name it, and the
# crates' actions must find it in this file.
[[provider]]
id = "acme-metrics"
service = { ja = "Acme メトリクス", en = "Acme Metrics" }
entity = "Acme Inc."
country = "US"
privacy_policy = "https://acme.example/privacy"
role = "processor"
opt_out = { url = "https://acme.example/opt-out" }

# Built in; the sdk crate sends to it. The application states how to stop it.
[[provider]]
id = "mixpanel"
opt_out = { url = "https://kumo.example/privacy/opt-out" }
EOF

# Three kinds of crate, in turn: one that sends page views to Google Analytics, one that sends
# metrics to Acme from a module of its own (a second source file), one that declares nothing.
crate_names=()
for i in $(seq -w 1 "$CRATES"); do
    name=c$i
    crate_names+=("$name")
    dir=$ws/crates/$name
    mkdir -p "$dir/src"
    case $((10#$i % 3)) in
    0)
        cat > "$dir/src/lib.rs" <<EOF
use disclosure::disclose;

#[disclose(provider = "google-analytics", data = [ip_address, page_url], purpose = [analytics])]
pub fn page_view_$i() {}
EOF
        ;;
    1)
        cat > "$dir/src/lib.rs" <<EOF
//! Crate $i: its metrics go to Acme.

pub mod metrics;
EOF
        cat > "$dir/src/metrics.rs" <<EOF
use disclosure::disclose;

#[disclose(provider = "acme-metrics", data = [device_info], purpose = [analytics])]
pub fn report_$i() {}
EOF
        ;;
    2)
        cat > "$dir/src/lib.rs" <<EOF
pub fn add_$i(a: u32, b: u32) -> u32 {
    a + b
}
EOF
        ;;
    esac
    cat > "$dir/BUILD.bazel" <<EOF
load("//bazel:defs.bzl", "disclosure_crate")

disclosure_crate(
    name = "$name",
    srcs = glob(["src/**/*.rs"]),
    catalogue = "//:disclosure.toml",
    visibility = ["//visibility:public"],
)
EOF
done

# A library with a catalogue of its own, as a library ships it: it adds a data item.
mkdir -p "$ws/crates/sdk/src"
cat > "$ws/crates/sdk/disclosure.toml" <<'EOF'
[[data]]
id = "sdk_install_id"
label = { ja = "アプリのインストールごとに割り当てた識別子", en = "Identifier assigned to each installation of the app" }
EOF
cat > "$ws/crates/sdk/src/lib.rs" <<'EOF'
use disclosure::disclose;

#[disclose(provider = "mixpanel", data = [sdk_install_id], purpose = [analytics])]
pub fn install() {}
EOF
cat > "$ws/crates/sdk/BUILD.bazel" <<'EOF'
load("//bazel:defs.bzl", "disclosure_crate")

disclosure_crate(
    name = "sdk",
    srcs = glob(["src/**/*.rs"]),
    catalogue = "disclosure.toml",
    visibility = ["//visibility:public"],
)
EOF
crate_names+=(sdk)

# A crate whose second transmission is behind a feature, which its rule turns on.
mkdir -p "$ws/crates/web/src"
cat > "$ws/crates/web/src/lib.rs" <<'EOF'
use disclosure::disclose;

#[disclose(provider = "acme-metrics", data = [timezone], purpose = [analytics])]
pub fn ping() {}

#[cfg(feature = "geo")]
#[disclose(provider = "acme-metrics", data = [location_coarse], purpose = [analytics])]
pub fn locate() {}
EOF
cat > "$ws/crates/web/BUILD.bazel" <<'EOF'
load("//bazel:defs.bzl", "disclosure_crate")

disclosure_crate(
    name = "web",
    srcs = ["src/lib.rs"],
    catalogue = "//:disclosure.toml",
    crate_features = ["geo"],
    visibility = ["//visibility:public"],
)
EOF
crate_names+=(web)

{
    echo 'load("//bazel:defs.bzl", "disclosure_notice")'
    echo
    echo 'exports_files(["disclosure.toml"])'
    echo
    echo 'disclosure_notice('
    echo '    name = "notice",'
    echo '    crates = ['
    for name in "${crate_names[@]}"; do
        echo "        \"//crates/$name\","
    done
    echo '    ],'
    echo '    catalogue = "disclosure.toml",'
    echo '    committed = "notice.md",'
    echo '    lang = ["ja", "en"],'
    echo ')'
} > "$ws/BUILD.bazel"
echo "(not generated yet)" > "$ws/notice.md"

# The rules' actions a build ran ($2 = ran) or took from the cache ($2 = cached), by mnemonic,
# from its execution log (a stream of JSON objects, one field a line): `DisclosureExtract 3` …
spawns() {
    awk -F'"' -v want="$2" '
        /^  "mnemonic":/ { m = $4 }
        /^  "remoteCacheHit": true/ { hit = 1 }
        /^}/ {
            if (m ~ /^Disclosure/ && (hit ? "cached" : "ran") == want) n[m]++
            m = ""; hit = 0
        }
        END { for (k in n) print k, n[k] }' "$1" | sort
}
build() {
    local log=$1
    bz build //... --execution_log_json_file="$log" > "$tmp/build.out" 2>&1 \
        || { cat "$tmp/build.out" >&2; fail "bazel build failed"; }
}
# expect LOG ran|cached "DisclosureExtract 1…": what the build behind LOG ran, or took from the
# cache, is exactly that.
expect() {
    local log=$1 how=$2 expected=$3 got
    got=$(spawns "$log" "$how")
    if [ "$got" != "$expected" ]; then
        fail "the build $how"$'\n'"${got:-(nothing)}"$'\n'"and should have $how"$'\n'"${expected:-(nothing)}"
    fi
    echo "$how: $(tr '\n' ' ' <<<"${got:-nothing}")"
}

start=$(date +%s)
version=$(bz --version 2>/dev/null | head -1 || true)
if package=$(dpkg-query -W -f='${Package} ${Version}' bazel-bootstrap 2>/dev/null); then
    version="$version ($package)"
fi
echo "== $version on ${#crate_names[@]} crates, in $ws"

echo "== the first build: one action per crate, one for the notice"
build "$tmp/first.log"
expect "$tmp/first.log" ran "DisclosureExtract ${#crate_names[@]}"$'\n'"DisclosureNotice 1"
if grep -A3 '^INFO: From ' "$tmp/build.out"; then
    fail "an action printed something on success"
fi
if grep -l "$tmp" "$ws"/bazel-bin/crates/*/*.declarations.json; then
    fail "a declarations file names a path of this machine"
fi

echo "== the same workspace elsewhere, sharing the cache: every action comes from the cache"
mkdir -p "$tmp/elsewhere/ws"
(cd "$ws" && tar --exclude='./bazel-*' -cf - .) | (cd "$tmp/elsewhere/ws" && tar -xf -)
bz_in "$tmp/elsewhere/ws" build //... --execution_log_json_file="$tmp/elsewhere.log" \
    > "$tmp/build.out" 2>&1 || { cat "$tmp/build.out" >&2; fail "bazel build failed elsewhere"; }
bz_in "$tmp/elsewhere/ws" shutdown
expect "$tmp/elsewhere.log" ran ""
expect "$tmp/elsewhere.log" cached "DisclosureExtract ${#crate_names[@]}"$'\n'"DisclosureNotice 1"
cmp "$ws/bazel-bin/notice.generated.md" "$tmp/elsewhere/ws/bazel-bin/notice.generated.md"

echo "== the notice is the one generate gives from the sources (rust-project.json at the root)"
{
    printf '{"crates": ['
    sep=
    for name in "${crate_names[@]}"; do
        cfg=
        if [ "$name" = web ]; then cfg='"feature=\"geo\""'; fi
        printf '%s\n  {"display_name": "%s", "root_module": "crates/%s/src/lib.rs", "edition": "2021", "deps": [], "cfg": [%s], "is_workspace_member": true}' \
            "$sep" "$name" "$name" "$cfg"
        sep=,
    done
    printf '\n]}\n'
} > "$tmp/rust-project.json"
cp "$tmp/rust-project.json" "$ws/rust-project.json"
(cd "$ws" && "$tool" generate --rust-project rust-project.json --lang ja,en --out "$tmp/direct.md") \
    2> "$tmp/direct.err" || { cat "$tmp/direct.err" >&2; fail "generate failed"; }
rm "$ws/rust-project.json"
cmp "$ws/bazel-bin/notice.generated.md" "$tmp/direct.md" \
    || { diff -u "$tmp/direct.md" "$ws/bazel-bin/notice.generated.md" >&2 || true; fail "the notice differs from generate's"; }
grep -q "Acme メトリクス" "$ws/bazel-bin/notice.generated.md" || fail "the notice names no Acme"
grep -q 'アプリのインストールごとに割り当てた識別子' "$ws/bazel-bin/notice.generated.md" \
    || fail "the notice lacks the sdk crate's own data item"
grep -q '市区町村程度のおおよその位置情報' "$ws/bazel-bin/notice.generated.md" \
    || fail "the notice lacks the web crate's transmission behind its feature"

echo "== the committed notice: stale at first, then refreshed with bazel run"
if bz test //:notice_test > "$tmp/test.out" 2>&1; then
    fail "the test passed on a placeholder notice"
fi
bz run //:notice.update > "$tmp/update.out" 2>&1 || { cat "$tmp/update.out" >&2; fail "notice.update failed"; }
cmp "$ws/notice.md" "$ws/bazel-bin/notice.generated.md" || fail "notice.update did not write the notice"
bz test //:notice_test > "$tmp/test.out" 2>&1 || { cat "$tmp/test.out" >&2; fail "the test failed on a fresh notice"; }

echo "== a comment in one crate: its action alone runs again"
echo "// A comment changes no declaration." >> "$ws/crates/c07/src/metrics.rs"
build "$tmp/comment.log"
expect "$tmp/comment.log" ran "DisclosureExtract 1"
bz test //:notice_test > "$tmp/test.out" 2>&1 || { cat "$tmp/test.out" >&2; fail "the test failed after a comment"; }

echo "== an annotation changed in one crate: its action and the notice's run again, the test fails"
sed -i 's/data = \[ip_address, page_url\]/data = [ip_address, page_url, device_info]/' "$ws/crates/c09/src/lib.rs"
build "$tmp/annotation.log"
expect "$tmp/annotation.log" ran "DisclosureExtract 1"$'\n'"DisclosureNotice 1"
if bz test //:notice_test > "$tmp/test.out" 2>&1; then
    fail "the test passed on a stale notice"
fi
testlog=$ws/bazel-testlogs/notice_test/test.log
for expected in "notice.md is stale" "+- " "Refresh it with: bazel run //:notice.update"; do
    grep -qF -- "$expected" "$testlog" || { cat "$testlog" >&2; fail "the failed test does not say: $expected"; }
done
sed -n '/is stale/,$p' "$testlog" | sed 's/^/    | /' | head -20

echo "== a module left out of srcs: the crate's action fails, naming it"
sed -i 's|glob(\["src/\*\*/\*.rs"\])|["src/lib.rs"]|' "$ws/crates/c04/BUILD.bazel"
if bz build //crates/c04 > "$tmp/build.out" 2>&1; then
    fail "the build passed without the module's file"
fi
grep -q 'error\[D0308\]: module `metrics` has no file' "$tmp/build.out" \
    || { cat "$tmp/build.out" >&2; fail "the failed build does not name the module"; }

echo "== all done in $(($(date +%s) - start)) s"
