#!/usr/bin/env bash
# The GitHub Action's work (action.yml at the repository root runs it):
#   1. `cargo disclosure check`: is every committed output of the notice fresh, is [policy] kept;
#   2. on a pull request, `cargo disclosure diff --since origin/<base>`: what the change does to the
#      notice, in plain words;
#   3. both into the job's step summary, and, on a pull request, into one comment that each run
#      updates (a comment that cannot be posted is a warning, never a failure).
# Exits with check's exit status: 0 fresh, 1 stale or a `deny` rule violated, 2 bad input.
#
# Environment (every variable is optional):
#   DISCLOSURE_BIN            the command, split on spaces (default `cargo disclosure`); a path to an
#                             executable file is taken whole
#   DISCLOSURE_MANIFEST_PATH  the Cargo.toml to check (default `Cargo.toml`)
#   DISCLOSURE_ARGS           extra arguments for `check`, split on spaces (`--deny warnings`)
#   DISCLOSURE_DIFF_ARGS      extra arguments for `diff`, split on spaces (`--features analytics`)
#   DISCLOSURE_SUMMARY_LANG   language of the change summary: ja (default) or en
#   DISCLOSURE_COMMENT        `true` (default) to comment on the pull request, `false` not to
#   DISCLOSURE_GH             the GitHub CLI (default `gh`); it reads its token from GH_TOKEN
#   DISCLOSURE_PR_NUMBER      the pull request (default: read from GITHUB_REF, refs/pull/<n>/merge)
# and GitHub's own: GITHUB_EVENT_NAME, GITHUB_BASE_REF, GITHUB_REF, GITHUB_REPOSITORY,
# GITHUB_STEP_SUMMARY, GITHUB_OUTPUT.
set -euo pipefail

marker='<!-- disclosure-check -->'
# GitHub refuses a comment over 65,536 characters; the step summary takes up to 1 MiB.
comment_limit=60000
summary_limit=500000

bin_spec=${DISCLOSURE_BIN:-cargo disclosure}
if [[ -f $bin_spec && -x $bin_spec ]]; then
    bin=("$bin_spec")
else
    read -r -a bin <<<"$bin_spec"
fi
if [[ ${#bin[@]} -eq 0 ]]; then
    echo "::error::DISCLOSURE_BIN is empty" >&2
    exit 2
fi
read -r -a check_args <<<"${DISCLOSURE_ARGS:-}"
read -r -a diff_args <<<"${DISCLOSURE_DIFF_ARGS:-}"
manifest=${DISCLOSURE_MANIFEST_PATH:-Cargo.toml}
lang=${DISCLOSURE_SUMMARY_LANG:-ja}
comment=$(printf '%s' "${DISCLOSURE_COMMENT:-true}" | tr '[:upper:]' '[:lower:]')
read -r -a gh <<<"${DISCLOSURE_GH:-gh}"
event=${GITHUB_EVENT_NAME:-}
base_ref=${GITHUB_BASE_REF:-}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

warn() {
    # A workflow command: shown as an annotation on the run, and in the log.
    echo "::warning title=cargo disclosure::$*"
}

# Texts of the step summary and the comment, in the summary's language (backticks are Markdown).
# shellcheck disable=SC2016
if [[ $lang == en ]]; then
    t_title='External transmission notice'
    t_fresh='**Fresh**: every committed output of the notice is what the code and `disclosure.toml` produce.'
    t_stale='**Stale, or a `[policy]` rule is violated, or a denied lint fired** (exit status 1): run `cargo disclosure generate` and commit the result, or fix what the rule or the lint names.'
    t_bad='**The input is wrong** (exit status 2): an annotation, `disclosure.toml` or a flag; the diagnostics below say where.'
    t_other='**`cargo disclosure check` failed** with exit status'
    t_changes='What this pull request changes'
    t_no_diff='The change summary could not be produced; see the job log.'
    t_output='Output of <code>cargo disclosure check</code>'
    t_cut='(cut; the job log has all of it)'
else
    t_title='外部送信に関する公表事項'
    t_fresh='**最新です**: コミットされた公表事項はコードと `disclosure.toml` から生成されるものと一致しています。'
    t_stale='**古いか、`[policy]` の規則に違反しているか、エラーとされた lint に該当します**（終了ステータス 1）: `cargo disclosure generate` を実行して結果をコミットするか、規則又は lint が指摘する点を直してください。'
    t_bad='**入力に誤りがあります**（終了ステータス 2）: 注釈、`disclosure.toml` またはフラグ。場所は下の診断にあります。'
    t_other='**`cargo disclosure check` が失敗しました**。終了ステータス'
    t_changes='このプルリクエストによる変更'
    t_no_diff='変更の要約を作成できませんでした。ジョブのログを参照してください。'
    t_output='<code>cargo disclosure check</code> の出力'
    t_cut='（省略しました。全文はジョブのログにあります）'
fi

# Writes FILE in a fenced block whose fence no line of FILE contains, at most LIMIT bytes of it.
fenced() {
    local file=$1 limit=$2 fence='```' cut=$work/cut
    while grep -qF -- "$fence" "$file"; do
        fence+='`'
    done
    head -c "$limit" -- "$file" >"$cut"
    printf '%stext\n' "$fence"
    cat -- "$cut"
    # Text that does not end with a newline still closes its fence on a line of its own.
    if [[ -n $(tail -c 1 -- "$cut") ]]; then
        echo
    fi
    printf '%s\n' "$fence"
    if [[ $(wc -c <"$file") -gt $limit ]]; then
        printf '%s\n' "$t_cut"
    fi
}

# 1. check. Its report (stdout) and diagnostics (stderr) go to the log as they are, and are kept
#    for the summary.
check_out=$work/check.out
check_err=$work/check.err
echo "== ${bin[*]} check --manifest-path $manifest ${check_args[*]-}"
status=0
"${bin[@]}" check --manifest-path "$manifest" --summary-lang "$lang" --color never \
    ${check_args[@]+"${check_args[@]}"} >"$check_out" 2>"$check_err" || status=$?
cat -- "$check_out"
cat -- "$check_err" >&2
echo "check: exit status $status"

# 2. On a pull request: what changed since the base branch.
is_pr=false
if [[ ($event == pull_request || $event == pull_request_target) && -n $base_ref ]]; then
    is_pr=true
fi
diff_md=$work/changes.md
diff_ok=false
if [[ $is_pr == true ]]; then
    base="origin/$base_ref"
    manifest_dir=$(dirname -- "$manifest")
    if ! git -C "$manifest_dir" rev-parse --verify --quiet "$base^{commit}" >/dev/null; then
        # A shallow checkout (actions/checkout's default) has no base branch: fetch its tip.
        fetch=(fetch --no-tags --quiet)
        if [[ $(git -C "$manifest_dir" rev-parse --is-shallow-repository 2>/dev/null || true) == true ]]; then
            fetch+=(--depth=1)
        fi
        git -C "$manifest_dir" "${fetch[@]}" origin "+refs/heads/$base_ref:refs/remotes/$base" ||
            warn "could not fetch $base; check out with fetch-depth: 0"
    fi
    echo "== ${bin[*]} diff --since $base --manifest-path $manifest ${diff_args[*]-}"
    diff_status=0
    # Its diagnostics are check's, already in the log: shown only when diff itself fails.
    "${bin[@]}" diff --since "$base" --manifest-path "$manifest" --lang "$lang" --color never \
        ${diff_args[@]+"${diff_args[@]}"} >"$diff_md" 2>"$work/diff.err" || diff_status=$?
    if [[ $diff_status -eq 0 ]]; then
        diff_ok=true
        cat -- "$diff_md"
    else
        cat -- "$work/diff.err" >&2
        warn "cargo disclosure diff --since $base failed (exit status $diff_status); no change summary"
    fi
fi

# 3. The report: the check's verdict, the change summary, the check's output.
case $status in
    0) verdict="✅ $t_fresh" ;;
    1) verdict="❌ $t_stale" ;;
    2) verdict="⚠️ $t_bad" ;;
    *) verdict="⚠️ $t_other $status." ;;
esac

# $1: how many bytes of the check's output to show.
report() {
    local limit=$1
    printf '%s\n## %s\n\n%s\n\n' "$marker" "$t_title" "$verdict"
    if [[ $is_pr == true ]]; then
        printf '### %s\n\n' "$t_changes"
        if [[ $diff_ok == true ]]; then
            # The summary has a heading of its own; it sits under ours.
            sed -e 's/^## /#### /' -- "$diff_md"
            echo
        else
            printf '%s\n\n' "$t_no_diff"
        fi
    fi
    if [[ $limit -gt 0 && ( -s $check_out || -s $check_err ) ]]; then
        local open=''
        if [[ $status -ne 0 ]]; then
            open=' open'
        fi
        printf '<details%s><summary>%s</summary>\n\n' "$open" "$t_output"
        cat -- "$check_out" "$check_err" >"$work/check.all"
        fenced "$work/check.all" "$limit"
        printf '\n</details>\n'
    fi
}

if [[ -n ${GITHUB_STEP_SUMMARY:-} ]]; then
    report "$summary_limit" >>"$GITHUB_STEP_SUMMARY"
fi
if [[ -n ${GITHUB_OUTPUT:-} ]]; then
    echo "exit-code=$status" >>"$GITHUB_OUTPUT"
fi

# 4. The pull request's comment: one per pull request, updated in place.
post_comment() {
    local body=$1 repo=${GITHUB_REPOSITORY:-} pr=${DISCLOSURE_PR_NUMBER:-} id
    if [[ -z $pr && ${GITHUB_REF:-} =~ ^refs/pull/([0-9]+)/ ]]; then
        pr=${BASH_REMATCH[1]}
    fi
    if [[ -z $repo || ! $pr =~ ^[0-9]+$ ]]; then
        warn "no repository or pull request number; not commenting"
        return 1
    fi
    id=$("${gh[@]}" api --paginate "repos/$repo/issues/$pr/comments" \
        --jq ".[] | select(.body | contains(\"$marker\")) | .id" | tail -n 1) || return 1
    if [[ $id =~ ^[0-9]+$ ]]; then
        "${gh[@]}" api --method PATCH "repos/$repo/issues/comments/$id" -F "body=@$body" >/dev/null
    else
        "${gh[@]}" api --method POST "repos/$repo/issues/$pr/comments" -F "body=@$body" >/dev/null
    fi
}

if [[ $is_pr == true && $comment == true ]]; then
    body=$work/comment.md
    report 20000 >"$body"
    if [[ $(wc -c <"$body") -gt $comment_limit ]]; then
        # The change summary alone, cut if it must be.
        report 0 >"$work/long.md"
        head -c "$comment_limit" -- "$work/long.md" >"$body"
    fi
    if ! post_comment "$body"; then
        warn "could not comment on the pull request (a fork's read-only token, or no pull-requests: write permission); the step summary has the report"
    fi
fi

exit "$status"
