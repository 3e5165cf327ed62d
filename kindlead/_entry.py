"""The console-script entry point, kept tiny.

`kindlead --version` is what install checks and scripts run most; answering it
needs nothing but the version string, so it is answered before Typer (about two
thirds of a scripted call's start-up) is imported. Everything else goes to the app.
"""

from __future__ import annotations

import sys


def main() -> None:
    if sys.argv[1:] == ["--version"]:
        from kindlead._version import __version__

        try:
            sys.stdout.write(f"kindlead {__version__}\n")
            sys.stdout.flush()
        except BrokenPipeError:  # `kindlead --version | true`: the reader is gone
            import os

            os.dup2(os.open(os.devnull, os.O_WRONLY), 1)
        except (AttributeError, OSError):  # stdout closed or full
            if sys.stderr is not None:
                sys.stderr.write("kindlead: error: cannot write the version to stdout\n")
            raise SystemExit(2) from None
        return
    from kindlead.cli import main as cli_main

    cli_main()
