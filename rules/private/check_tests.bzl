"""Small test rules: checks on text files, on a component's WIT, and on the
reproducibility of pre-initialization."""

load(":providers.bzl", "PyWasmComponentInfo", "PyWasmToolsInfo")

def _quote(s):
    return "'" + s.replace("'", "'\\''") + "'"

def _words(items):
    return " ".join([_quote(s) for s in items])

_CHECK = """
status=0
for want in {expected}; do
  grep -qF -- "$want" "$text" || {{ echo "FAIL: missing: $want"; status=1; }}
done
for unwanted in {unexpected}; do
  if grep -qF -- "$unwanted" "$text"; then echo "FAIL: present: $unwanted"; status=1; fi
done
[ "$status" = 0 ] && echo PASS
echo "--- checked text:"; cat "$text"
exit "$status"
"""

def _file_contains_test_impl(ctx):
    script = ctx.actions.declare_file(ctx.attr.name + ".sh")
    ctx.actions.write(script, is_executable = True, content = "#!/bin/bash\ntext={}\n".format(_quote(ctx.file.file.short_path)) + _CHECK.format(
        expected = _words(ctx.attr.expected),
        unexpected = _words(ctx.attr.unexpected),
    ))
    return [DefaultInfo(executable = script, runfiles = ctx.runfiles(files = [ctx.file.file]))]

file_contains_test = rule(
    implementation = _file_contains_test_impl,
    test = True,
    doc = "Checks that a (generated) text file contains, and does not contain, given substrings.",
    attrs = {
        "expected": attr.string_list(doc = "Substrings that must appear."),
        "file": attr.label(mandatory = True, allow_single_file = True, doc = "The file."),
        "unexpected": attr.string_list(doc = "Substrings that must not appear."),
    },
)

def _component_wit_test_impl(ctx):
    script = ctx.actions.declare_file(ctx.attr.name + ".sh")
    ctx.actions.write(script, is_executable = True, content = """#!/bin/bash
text="${{TEST_TMPDIR:-/tmp}}/component.wit"
{tool} component wit {component} > "$text" || {{ echo "FAIL: wasm-tools component wit failed"; exit 1; }}
""".format(tool = _quote(ctx.executable._wasm_tools.short_path), component = _quote(ctx.file.component.short_path)) + _CHECK.format(
        expected = _words(ctx.attr.expected),
        unexpected = _words(ctx.attr.unexpected),
    ))
    return [DefaultInfo(executable = script, runfiles = ctx.runfiles(files = [ctx.file.component, ctx.executable._wasm_tools]))]

component_wit_test = rule(
    implementation = _component_wit_test_impl,
    test = True,
    doc = "Prints a component's WIT with the pinned `wasm-tools component wit` and checks it for substrings.",
    attrs = {
        "component": attr.label(mandatory = True, allow_single_file = [".wasm"], doc = "The component."),
        "expected": attr.string_list(doc = "Substrings that must appear."),
        "unexpected": attr.string_list(doc = "Substrings that must not appear."),
        "_wasm_tools": attr.label(default = Label("@wasm_tools//:wasm-tools"), executable = True, cfg = "exec", allow_single_file = True),
    },
)

def _preinit_reproducibility_test_impl(ctx):
    info = ctx.attr.component[PyWasmComponentInfo]
    tool = ctx.attr._tools[PyWasmToolsInfo].py_preinit
    inputs = [info.linked, info.stdlib, info.bindings, info.component] + info.python_path
    if info.stub_wasi_component:
        inputs.append(info.stub_wasi_component)
    args = [
        "--app",
        info.app,
        "--stdlib",
        "$work/in/stdlib",
        "--bindings",
        "$work/in/bindings",
    ]
    copies = [
        'cp -L "{}" "$work/in/linked.wasm"'.format(info.linked.short_path),
        'cp -rL "{}" "$work/in/stdlib"'.format(info.stdlib.short_path),
        'cp -rL "{}" "$work/in/bindings"'.format(info.bindings.short_path),
    ]
    for i, d in enumerate(info.python_path):
        copies.append('cp -rL "{}" "$work/in/path{}"'.format(d.short_path, i))
        args += ["-p", "$work/in/path{}".format(i)]
    if info.stub_wasi_component:
        copies.append('cp -L "{}" "$work/in/stub.wasm"'.format(info.stub_wasi_component.short_path))
        args += ["--stub-wasi-component", "$work/in/stub.wasm"]
    script = ctx.actions.declare_file(ctx.attr.name + ".sh")
    ctx.actions.write(script, is_executable = True, content = """#!/bin/bash
# Pre-initializes the same inputs twice, from two directories, with different
# environments, at different times, and compares the results with each other
# and with Bazel's build; then scans them for the build directories and for a
# planted environment variable.
set -euo pipefail
tool="$PWD/{tool}"
build() {{
  local work=$1
  mkdir -p "$work/in"
  {copies}
  (cd "$work" && env PY_WASM_TEST_SECRET="$2" TZ="$3" "$tool" -q "$work/in/linked.wasm" {args} -o "$work/out.wasm")
}}
base="${{TEST_TMPDIR:-$(mktemp -d)}}"
secret="planted-secret-$RANDOM$RANDOM"
build "$base/first-checkout" "$secret" UTC
sleep 1
build "$base/another/place/second" "$secret-2" Asia/Tokyo
a=$(sha256sum < "$base/first-checkout/out.wasm")
b=$(sha256sum < "$base/another/place/second/out.wasm")
c=$(sha256sum < {bazel_out})
echo "first:  $a"; echo "second: $b"; echo "bazel:  $c"
status=0
[ "$a" = "$b" ] || {{ echo "FAIL: two builds differ"; status=1; }}
[ "$a" = "$c" ] || {{ echo "FAIL: differs from Bazel's build"; status=1; }}
for needle in "$secret" "$base" "first-checkout" "$PWD"; do
  if grep -qaF -- "$needle" "$base/first-checkout/out.wasm"; then
    echo "FAIL: the component contains $needle"; status=1
  fi
done
[ "$status" = 0 ] && echo PASS
exit "$status"
""".format(
        tool = tool.short_path,
        copies = "\n  ".join(copies),
        args = " ".join(args),
        bazel_out = _quote(info.component.short_path),
    ))
    return [DefaultInfo(executable = script, runfiles = ctx.runfiles(files = inputs + [tool]))]

preinit_reproducibility_test = rule(
    implementation = _preinit_reproducibility_test_impl,
    test = True,
    doc = "Reruns a component's pre-initialization twice (other directories, environment, time) and requires byte-identical output free of build paths and planted secrets.",
    attrs = {
        "component": attr.label(mandatory = True, providers = [PyWasmComponentInfo], doc = "A py_wasm_component target."),
        "_tools": attr.label(default = Label("//:tools"), providers = [PyWasmToolsInfo]),
    },
)

def _script_test_impl(ctx):
    script = ctx.actions.declare_file(ctx.attr.name + ".sh")
    ctx.actions.symlink(output = script, target_file = ctx.file.script, is_executable = True)
    return [DefaultInfo(executable = script, runfiles = ctx.runfiles(files = [ctx.file.script] + ctx.files.data))]

script_test = rule(
    implementation = _script_test_impl,
    test = True,
    doc = "Runs a checked-in bash script as a test (the project's stand-in for sh_test, which needs rules this Bazel lacks).",
    attrs = {
        "data": attr.label_list(allow_files = True, doc = "Files the script reads (runfiles)."),
        "script": attr.label(mandatory = True, allow_single_file = [".sh"], doc = "The script."),
    },
)
