"""kindlead: a command-line reflection coach for leaders."""

from kindlead._version import __version__

__all__ = ["__version__"]
