"""Shell completion callbacks. Import-light: they run on every <Tab>."""

from __future__ import annotations

from pathlib import Path
from typing import Any


def set_names(ctx: Any, incomplete: str) -> list[str]:
    """Prompt-set names on the search path (honouring --prompts-dir) that start so."""
    from kindlead.promptsets.catalog import discover

    dirs = [Path(d) for d in (ctx.params.get("prompts_dir") or [])] if ctx is not None else []
    return [e.name for e in discover(dirs) if e.name.startswith(incomplete)]
