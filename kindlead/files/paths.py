"""Where kindlead keeps a user's files.

``$KINDLEAD_HOME`` (if set) holds everything, which is what tests and people who
want one folder use. Otherwise the platform's conventions, as click's
``get_app_dir`` and the XDG base directories have them:

- configuration (your prompt sets): ``$XDG_CONFIG_HOME/kindlead`` or
  ``~/.config/kindlead``; ``~/Library/Application Support/kindlead`` on macOS;
  ``%APPDATA%\\kindlead`` on Windows;
- data (drafts, the journal): ``$XDG_DATA_HOME/kindlead`` or
  ``~/.local/share/kindlead``; the same folder as configuration on macOS and Windows.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ENV_HOME = "KINDLEAD_HOME"
APP = "kindlead"


def _home_override() -> Path | None:
    home = os.environ.get(ENV_HOME)
    return Path(home).expanduser() if home else None


def _platform_dir(xdg: str, fallback: str) -> Path:
    if sys.platform == "win32":
        base = os.environ.get("APPDATA") or os.environ.get("LOCALAPPDATA")
        return Path(base) / APP if base else Path.home() / APP
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Application Support" / APP
    base = os.environ.get(xdg)
    return (Path(base) if base and os.path.isabs(base) else Path.home() / fallback) / APP


def config_dir() -> Path:
    """The folder of a user's own prompt sets (``prompts/``) and settings."""
    return _home_override() or _platform_dir("XDG_CONFIG_HOME", ".config")


def data_dir() -> Path:
    """The folder of what kindlead keeps for a user: drafts and the journal."""
    return _home_override() or _platform_dir("XDG_DATA_HOME", ".local/share")
