"""Shell completion: the callbacks that complete values, and the `--show-completion`
and `--install-completion` options. Import-light: they run on every <Tab>.

The scripts are Typer's (`typer.completion.install` and `get_completion_script`, the
functions Typer's own options call; pyproject pins Typer below 0.29). Unlike Typer's
options, these take the shell by name (`--show-completion zsh`), and every failure is
one error line and exit 2.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any


def set_names(ctx: Any, incomplete: str) -> list[str]:
    """Prompt-set names on the search path (honouring --prompts-dir) that start so."""
    from kindlead.promptsets.catalog import discover

    dirs = [Path(d) for d in (ctx.params.get("prompts_dir") or [])] if ctx is not None else []
    return [e.name for e in discover(dirs) if e.name.startswith(incomplete)]


#: The shells Typer writes completion scripts for.
SHELLS = ("bash", "zsh", "fish", "powershell", "pwsh")


def show_completion(ctx: Any, value: str | None) -> None:
    """``--show-completion [SHELL]``: print the completion script for SHELL (by default
    the shell this runs in), to save by hand."""
    if value is None or ctx.resilient_parsing:
        return
    import sys

    import typer

    from kindlead.cli.exits import handle_errors

    with handle_errors():
        shell = _shell(value, "--show-completion")
        sys.stdout.write(_script(ctx, shell) + "\n")
        sys.stdout.flush()
    raise typer.Exit()


def install_completion(ctx: Any, value: str | None) -> None:
    """``--install-completion [SHELL]``: install the completion script for SHELL (by
    default the shell this runs in) where that shell looks for it."""
    if value is None or ctx.resilient_parsing:
        return
    import subprocess
    import sys

    import typer
    from typer.completion import install  # type: ignore[attr-defined]  # (public module, no __all__)

    from kindlead.cli.exits import handle_errors
    from kindlead.errors import KindleadError

    with handle_errors():
        shell = _shell(value, "--install-completion")
        prog, var = _names(ctx)
        try:
            _, path = install(shell=shell, prog_name=prog, complete_var=var)
        except OSError as e:  # a read-only home, a file where a folder should be, …
            where = f"{e.filename}: " if e.filename else ""
            raise KindleadError(
                f"cannot install {shell} completion: {where}{e.strerror or e}"
            ) from None
        except subprocess.CalledProcessError:  # PowerShell could not tell its profile
            raise KindleadError(f"cannot install {shell} completion: {shell} failed") from None
        sys.stdout.write(f"{shell} completion installed in {path}\n")
        sys.stdout.write("Completion will take effect once you restart the terminal\n")
        sys.stdout.flush()
    raise typer.Exit()


def _shell(value: str, option: str) -> str:
    """The shell named, else the one this runs in; an error for any other."""
    from kindlead.errors import KindleadError

    shell = value.strip().lower() or _detected()
    known = f"{', '.join(SHELLS[:-1])} or {SHELLS[-1]}"
    if shell is None:
        raise KindleadError(f"cannot tell which shell this is; name it ({known}): {option} bash")
    if shell not in SHELLS:
        raise KindleadError(
            f"shell completion is not available for {shell!r}, only for {known} "
            f"(e.g. {option} bash)"
        )
    return shell


def _detected() -> str | None:
    """The shell this runs in, as Typer detects it (shellingham, Typer's dependency)."""
    try:
        import shellingham  # type: ignore[import-untyped]

        name, _ = shellingham.detect_shell()
    except Exception:  # not installed, or no shell among the parents (CI, an IDE)
        return None
    return str(name).lower()


def _script(ctx: Any, shell: str) -> str:
    """The completion script for `shell`: the one Typer's completion class for that
    shell sources, as ``--install-completion`` writes it."""
    from typer.completion import get_completion_script  # type: ignore[attr-defined]  # (public module, no __all__)

    prog, var = _names(ctx)
    return get_completion_script(prog_name=prog, complete_var=var, shell=shell)


def _names(ctx: Any) -> tuple[str, str]:
    """The program's name and the variable its completion script sets."""
    prog = ctx.find_root().info_name or "kindlead"
    return prog, "_{}_COMPLETE".format(prog.replace("-", "_").upper())
