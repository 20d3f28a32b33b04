"""On disk, but its directory is not passed with -p."""

TEMPLATE = "Hello, {}!"
