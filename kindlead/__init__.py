"""kindlead: a command-line reflection coach for leaders."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("kindlead")
except PackageNotFoundError:  # running from a checkout that was never installed
    __version__ = "0+unknown"
