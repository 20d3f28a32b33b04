"""A wasi:cli/command app."""

from componentize_py_types import Err
from wit_world import exports
from wit_world.imports import environment, stdout


class Run(exports.Run):
    def run(self) -> None:
        args = environment.get_arguments()
        with stdout.get_stdout() as out:
            out.blocking_write_and_flush(" ".join(args).encode())
        if not args:
            raise Err(None)
