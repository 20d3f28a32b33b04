"""First of two apps on the shared //wit:cli_command world."""

from wit_world import exports


class Run(exports.Run):
    def run(self) -> None:
        print("first app")
