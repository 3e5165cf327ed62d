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
            _silence_stdout()
        except (AttributeError, ValueError, OSError) as e:  # stdout closed or full
            # the usual output error (kindlead.cli.exits.output_failed), without Typer
            reason = getattr(e, "strerror", None) or "standard output is closed"
            _silence_stdout()
            if sys.stderr is not None:
                sys.stderr.write(f"kindlead: error: output: {reason}\n")
            raise SystemExit(2) from None
        return
    from kindlead.cli import main as cli_main

    cli_main()


def _silence_stdout() -> None:
    """Point stdout at the null device, so the interpreter's last flush cannot fail."""
    import contextlib
    import os

    with contextlib.suppress(OSError):
        os.dup2(os.open(os.devnull, os.O_WRONLY), 1)
