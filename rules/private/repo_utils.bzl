"""Helpers for repository rules: checked subprocesses and sha256 checks."""

def execute_checked(rctx, op, arguments, environment = {}, working_directory = "", timeout = 1800, quiet = True):
    """Runs a subprocess and fails readably if it does not succeed.

    Args:
        rctx: the repository context.
        op: what the command does, for messages ("downloading zlib").
        arguments: the command line (strings or paths).
        environment: extra environment variables.
        working_directory: where to run it (default: the repository root).
        timeout: seconds.
        quiet: whether to hide the command's output while it runs.

    Returns:
        The exec result.
    """
    rctx.report_progress(op)
    result = rctx.execute(
        arguments,
        environment = environment,
        working_directory = working_directory,
        timeout = timeout,
        quiet = quiet,
    )
    if result.return_code != 0:
        fail((
            "rules_py_wasm: {op} failed (exit code {code}).\n" +
            "command: {cmd}\nworking directory: {wd}\n" +
            "stdout:\n{out}\nstderr:\n{err}"
        ).format(
            op = op,
            code = result.return_code,
            cmd = " ".join([str(a) for a in arguments]),
            wd = working_directory or str(rctx.path(".")),
            out = result.stdout,
            err = result.stderr,
        ))
    return result

def sha256_of(rctx, path):
    """Returns the sha256 of a file as lowercase hex.

    Args:
        rctx: the repository context.
        path: the file.

    Returns:
        The hex digest.
    """
    result = execute_checked(rctx, "hashing {}".format(path), ["sha256sum", str(path)])
    return result.stdout.split(" ")[0].strip()

def check_sha256(rctx, package, path, expected):
    """Fails unless the file's sha256 is `expected`, naming both hashes.

    Args:
        rctx: the repository context.
        package: what the file is, for the message.
        path: the downloaded file.
        expected: the pinned sha256.
    """
    actual = sha256_of(rctx, path)
    if actual != expected:
        fail((
            "rules_py_wasm: sha256 mismatch for {package} ({file}).\n" +
            "  expected: {expected}\n  actual:   {actual}\n" +
            "The download does not match the pin in //third_party:versions.bzl. " +
            "If the new file is trusted, update the pin; otherwise do not build with it."
        ).format(package = package, file = path.basename, expected = expected, actual = actual))

def cache_dir(rctx, *parts):
    """Returns a directory under ~/.cache/rules_py_wasm, creating it.

    Args:
        rctx: the repository context.
        *parts: path components below the cache root.

    Returns:
        The directory as a path.
    """
    home = rctx.os.environ.get("HOME", "/root")
    root = rctx.os.environ.get("RULES_PY_WASM_CACHE", home + "/.cache/rules_py_wasm")
    path = "/".join([root] + list(parts))
    execute_checked(rctx, "creating " + path, ["mkdir", "-p", path])
    return rctx.path(path)
