"""Builds the project's Rust tools (tools/*) with cargo as one cached action."""

load(":providers.bzl", "PyWasmToolsInfo")

def _cargo_tools_impl(ctx):
    tools = {}
    for name in ctx.attr.tools:
        tools[name] = ctx.actions.declare_file("bin/" + name)
    args = ctx.actions.args()
    args.add(ctx.file.manifest)
    args.add_all([tools[name] for name in ctx.attr.tools])
    ctx.actions.run(
        executable = ctx.executable._script,
        arguments = [args],
        inputs = ctx.files.srcs + [ctx.file.manifest, ctx.file.lockfile],
        outputs = tools.values(),
        mnemonic = "CargoBuild",
        progress_message = "Building the Rust tools {}".format(", ".join(ctx.attr.tools)),
        # cargo's target directory lives under ~/.cache and must persist
        # between builds; the sandbox would hide it.
        execution_requirements = {"no-sandbox": "1"},
        env = {"PATH": "/usr/bin:/bin"},
    )
    info = PyWasmToolsInfo(**{name.replace("-", "_"): tools.get(name) for name in _TOOLS})
    return [info, DefaultInfo(files = depset(tools.values()))]

_TOOLS = ["glue-gen", "py-link", "py-preinit", "py-wasm", "wit-bindgen-py"]

cargo_tools = rule(
    implementation = _cargo_tools_impl,
    doc = "Builds the listed binaries of the Cargo workspace (release profile) and provides them as PyWasmToolsInfo.",
    attrs = {
        "lockfile": attr.label(mandatory = True, allow_single_file = ["Cargo.lock"], doc = "The workspace's Cargo.lock."),
        "manifest": attr.label(mandatory = True, allow_single_file = ["Cargo.toml"], doc = "The workspace's root Cargo.toml."),
        "srcs": attr.label_list(allow_files = True, doc = "Every file cargo reads: manifests, sources, build scripts."),
        "tools": attr.string_list(mandatory = True, doc = "Binaries to build; each a package of the same name. One of: " + ", ".join(_TOOLS)),
        "_script": attr.label(default = Label("//rules/private:cargo_build.sh"), executable = True, cfg = "exec", allow_single_file = True),
    },
)
