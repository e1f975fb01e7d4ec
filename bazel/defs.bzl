"""Bazel rules that compute the external-transmission notice as cacheable actions.

`disclosure_crate` reads one crate's `#[disclose(...)]` annotations into a declarations file
(`cargo disclosure extract`): one action, whose inputs are the crate's sources, its catalogue and
the tool. `disclosure_notice` builds the notice from the crates' declarations files (`cargo
disclosure generate --declarations`) without reading a source, and, given the committed copy of
the notice, adds a test that fails while that copy is stale and a target that refreshes it.

The rules need nothing but Bazel itself: no other rules, nothing fetched. The tool is a prebuilt
`cargo-disclosure` binary, `//bazel:cargo-disclosure` unless a rule's `tool` names another
(docs/scale.md).
"""

DisclosureCrateInfo = provider(
    doc = "A crate's declarations, and what the notice needs to know of the crate.",
    fields = {
        "entry": "dict: the crate's entry in a rust-project.json, its root module relative to the workspace",
        "catalogue": "File: the catalogue the crate's annotations were checked against",
        "declarations": "File: the declarations file `cargo disclosure extract` wrote",
    },
)

_TOOL = Label("//bazel:cargo-disclosure")

_TOOL_ATTR = attr.label(
    default = _TOOL,
    executable = True,
    cfg = "exec",
    allow_files = True,
    doc = "The `cargo-disclosure` binary.",
)

# The file name each format gets by default.
_EXTENSIONS = {
    "consent": "html",
    "consent-json": "json",
    "html": "html",
    "json": "json",
    "markdown": "md",
    "mermaid": "mmd",
    "play-data-safety-csv": "csv",
    "xcprivacy": "xcprivacy",
}

def _tool_args(ctx, command, project):
    """The command line every action of these rules starts with: the subcommand, quiet (a
    successful action prints nothing), keeping nothing inside the sandbox (Bazel keeps the
    action's result) and the crate graph from the action's own rust-project.json."""
    args = ctx.actions.args()
    args.add(command)
    args.add("--quiet")
    args.add("--no-cache")
    args.add("--rust-project", project)
    return args

def _relative(f):
    """The file's path in the workspace: a generated file's without its output directory."""
    if f.root.path:
        return f.path[len(f.root.path) + 1:]
    return f.path

def _dirname(path):
    i = path.rfind("/")
    return path[:i] if i >= 0 else ""

def _link(ctx, base, path, target):
    """A link to `target` at `base/path`, in this target's output directory."""
    link = ctx.actions.declare_file(base + "/" + path)
    ctx.actions.symlink(output = link, target_file = target)
    return link

def _root_module(ctx):
    if ctx.file.root:
        return ctx.file.root
    for name in ["lib.rs", "main.rs"]:
        found = [f for f in ctx.files.srcs if f.basename == name]
        if len(found) == 1:
            return found[0]
    fail("%s: give `root` (the crate's root module): srcs hold no single lib.rs or main.rs" % ctx.label)

def _disclosure_crate_impl(ctx):
    # The action reads a tree of its own, `<name>.disclosure/`: the crate's sources at their paths
    # in the workspace, the catalogue and a one-crate rust-project.json beside them. Every path
    # the declarations file names is then relative to the workspace, the same on every machine
    # and in every sandbox.
    base = ctx.label.name + ".disclosure"
    root = _root_module(ctx)
    srcs = {f.path: f for f in ctx.files.srcs + [root]}.values()
    links = [_link(ctx, base, _relative(f), f) for f in srcs]
    links.append(_link(ctx, base, "disclosure.toml", ctx.file.catalogue))
    entry = {
        "display_name": ctx.attr.crate_name or ctx.label.name,
        "root_module": _relative(root),
        "edition": ctx.attr.edition,
        "deps": [],
        "cfg": ['feature="%s"' % f for f in ctx.attr.crate_features] + ctx.attr.cfg,
        "is_workspace_member": True,
    }
    if ctx.attr.version:
        entry["version"] = ctx.attr.version
    if ctx.attr.target:
        entry["target"] = ctx.attr.target
    project = ctx.actions.declare_file(base + "/rust-project.json")
    ctx.actions.write(project, json.encode({"crates": [entry]}) + "\n")
    out = ctx.actions.declare_file(ctx.label.name + ".declarations.json")
    args = _tool_args(ctx, "extract", project)

    # A module whose file is not in srcs is missing from the sandbox: an error, not a warning, so
    # that no declaration is left out in silence.
    args.add("--deny", "D0308")
    args.add("--out", out)
    ctx.actions.run(
        executable = ctx.executable.tool,
        arguments = [args],
        inputs = links + [project],
        outputs = [out],
        mnemonic = "DisclosureExtract",
        progress_message = "Reading the annotations of %s" % ctx.label,
    )
    return [
        DefaultInfo(files = depset([out])),
        DisclosureCrateInfo(entry = entry, catalogue = ctx.file.catalogue, declarations = out),
    ]

disclosure_crate = rule(
    implementation = _disclosure_crate_impl,
    doc = "One crate's declarations (`cargo disclosure extract`), as `<name>.declarations.json`.",
    attrs = {
        "crate_name": attr.string(doc = "The crate's name (default: the target's name)."),
        "srcs": attr.label_list(
            allow_files = [".rs"],
            doc = "Every source file of the crate: the root module and every module it declares.",
        ),
        "root": attr.label(
            allow_single_file = [".rs"],
            doc = "The root module (default: the lib.rs, else the main.rs, of srcs).",
        ),
        "catalogue": attr.label(
            allow_single_file = True,
            mandatory = True,
            doc = "The disclosure.toml the crate's annotations are checked against.",
        ),
        "crate_features": attr.string_list(doc = "The crate's enabled features (`#[cfg(feature)]`)."),
        "cfg": attr.string_list(doc = "Other `cfg`s set for the crate, as rust-project.json spells them."),
        "edition": attr.string(default = "2021"),
        "version": attr.string(doc = "The crate's version (default: none)."),
        "target": attr.string(
            doc = "The target triple whose `cfg`s count (default: the catalogue's `[[target]]`s, else the machine the action runs on).",
        ),
        "tool": _TOOL_ATTR,
    },
)

def _crate_order(c):
    return (c.entry["display_name"], c.entry["root_module"])

def _disclosure_notice_impl(ctx):
    base = ctx.label.name + ".disclosure"
    crates = sorted([c[DisclosureCrateInfo] for c in ctx.attr.crates], key = _crate_order)
    links = [_link(ctx, base, "disclosure.toml", ctx.file.catalogue)]

    # A crate with a catalogue of its own finds it beside its root module, as it did when its
    # declarations were read; what that catalogue states joins the notice's.
    own = {}
    for c in crates:
        if c.catalogue == ctx.file.catalogue:
            continue
        path = _dirname(c.entry["root_module"])
        path = (path + "/" if path else "") + "disclosure.toml"
        if path in own:
            if own[path] != c.catalogue:
                fail("%s: two crates with their root modules in %s have different catalogues" % (ctx.label, _dirname(path) or "the workspace's root"))
            continue
        own[path] = c.catalogue
        links.append(_link(ctx, base, path, c.catalogue))
    project = ctx.actions.declare_file(base + "/rust-project.json")
    ctx.actions.write(project, json.encode({"crates": [c.entry for c in crates]}) + "\n")
    out = ctx.actions.declare_file(ctx.attr.out)
    declarations = [c.declarations for c in crates]
    args = _tool_args(ctx, "generate", project)
    args.add("--format", ctx.attr.format)
    args.add_joined("--lang", ctx.attr.lang, join_with = ",")
    if ctx.attr.layout:
        args.add("--layout", ctx.attr.layout)
    if ctx.attr.fragment:
        args.add("--fragment")
    args.add("--out", out)
    args.add_all("--declarations", declarations)
    ctx.actions.run(
        executable = ctx.executable.tool,
        arguments = [args],
        inputs = links + [project] + declarations,
        outputs = [out],
        mnemonic = "DisclosureNotice",
        progress_message = "Building the notice %s" % ctx.label,
    )
    return [DefaultInfo(files = depset([out]))]

_disclosure_notice = rule(
    implementation = _disclosure_notice_impl,
    attrs = {
        "crates": attr.label_list(providers = [DisclosureCrateInfo], mandatory = True),
        "catalogue": attr.label(allow_single_file = True, mandatory = True),
        "format": attr.string(default = "markdown"),
        "lang": attr.string_list(default = ["ja"]),
        "layout": attr.string(),
        "fragment": attr.bool(),
        "out": attr.string(mandatory = True),
        "tool": _TOOL_ATTR,
    },
)

def _shell_quote(s):
    return "'" + s.replace("'", "'\\''") + "'"

def _label_of(ctx, name):
    return "//%s:%s" % (ctx.label.package, name)

def _notice_test_impl(ctx):
    generated = ctx.file.notice
    committed = ctx.file.committed
    script = ctx.actions.declare_file(ctx.label.name + ".sh")
    ctx.actions.write(script, is_executable = True, content = """#!/bin/sh
# Fails while the committed notice differs from the one the code and the catalogue give today.
committed={committed}
generated={generated}
if cmp -s "$committed" "$generated"; then
    echo "$committed is up to date"
    exit 0
fi
echo "$committed is stale: the annotations or the catalogue say something else now." >&2
diff -u --label "$committed (committed)" --label "$committed (generated)" "$committed" "$generated" >&2
echo "Refresh it with: bazel run {update}" >&2
exit 1
""".format(
        committed = _shell_quote(committed.short_path),
        generated = _shell_quote(generated.short_path),
        update = _label_of(ctx, ctx.attr.update),
    ))
    return [DefaultInfo(
        executable = script,
        runfiles = ctx.runfiles(files = [committed, generated]),
    )]

_disclosure_notice_test = rule(
    implementation = _notice_test_impl,
    test = True,
    attrs = {
        "notice": attr.label(allow_single_file = True, mandatory = True),
        "committed": attr.label(allow_single_file = True, mandatory = True),
        "update": attr.string(mandatory = True),
    },
)

def _notice_update_impl(ctx):
    generated = ctx.file.notice
    script = ctx.actions.declare_file(ctx.label.name + ".sh")
    ctx.actions.write(script, is_executable = True, content = """#!/bin/sh
# Writes the notice the build generated over the committed copy (`bazel run` only).
set -eu
if [ -z "${{BUILD_WORKSPACE_DIRECTORY:-}}" ]; then
    echo "run this with bazel run" >&2
    exit 2
fi
cat {generated} > "$BUILD_WORKSPACE_DIRECTORY"/{committed}
echo "wrote "{committed}
""".format(
        committed = _shell_quote(ctx.file.committed.short_path),
        generated = _shell_quote(generated.short_path),
    ))
    return [DefaultInfo(executable = script, runfiles = ctx.runfiles(files = [generated]))]

_disclosure_notice_update = rule(
    implementation = _notice_update_impl,
    executable = True,
    attrs = {
        "notice": attr.label(allow_single_file = True, mandatory = True),
        "committed": attr.label(allow_single_file = True, mandatory = True),
    },
)

def disclosure_notice(
        name,
        crates,
        catalogue,
        format = "markdown",
        lang = ["ja"],
        layout = None,
        fragment = False,
        out = None,
        committed = None,
        tool = None,
        **kwargs):
    """The notice of `crates` (`cargo disclosure generate --declarations`).

    Targets:
      <name>: the notice, as `out` (default `<name>.<extension of the format>`, or
        `<name>.generated.<extension>` when that is the committed file's name).
      <name>_test: with `committed`, a test that fails while that file differs from the notice,
        printing the difference and the command that refreshes it.
      <name>.update: with `committed`, `bazel run` it to write the notice over that file.

    Args:
      name: the target's name.
      crates: the `disclosure_crate` targets whose declarations the notice is built from.
      catalogue: the application's disclosure.toml.
      format: `cargo disclosure generate --format`.
      lang: the languages, in order.
      layout: `--layout`, for the formats that lay the notice out.
      fragment: `--fragment`, for HTML.
      out: the output's file name.
      committed: the notice as committed in the workspace.
      tool: the `cargo-disclosure` binary (default `//bazel:cargo-disclosure`).
      **kwargs: attributes every rule takes (`visibility`, `tags`, …).
    """
    if not out:
        out = "%s.%s" % (name, _EXTENSIONS.get(format, "txt"))

        # Not the committed file's own name: a source file and an output may not share one.
        if committed and committed.split(":")[-1] == out:
            out = "%s.generated.%s" % (name, _EXTENSIONS.get(format, "txt"))
    tool_args = {"tool": tool} if tool else {}
    _disclosure_notice(
        name = name,
        crates = crates,
        catalogue = catalogue,
        format = format,
        lang = lang,
        layout = layout or "",
        fragment = fragment,
        out = out,
        **dict(kwargs, **tool_args)
    )
    if committed:
        _disclosure_notice_test(
            name = name + "_test",
            notice = ":" + name,
            committed = committed,
            update = name + ".update",
            **kwargs
        )
        _disclosure_notice_update(
            name = name + ".update",
            notice = ":" + name,
            committed = committed,
            **kwargs
        )
