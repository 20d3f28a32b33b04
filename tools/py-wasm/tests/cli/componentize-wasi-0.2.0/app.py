# componentize-py's spelling of the world, `wasi:cli/command@0.2.0`, with no
# -d: it resolves against the WASI 0.2 packages built into py-wasm.
from wit_world import exports


class Run(exports.Run):
    def run(self) -> None:
        print("Hello, world!")
