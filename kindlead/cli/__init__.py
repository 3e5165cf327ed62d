"""The command line: parse arguments, call the core, render, map errors to exit codes.

`kindlead.cli.root` holds the app; each command is a module here (`reframe`,
`check`, `prompts`), thin over its service in the core.
"""

from kindlead.cli.root import app, command_tree, main

__all__ = ["app", "command_tree", "main"]
