# The one source of the version: hatchling reads it at build time (pyproject.toml,
# [tool.hatch.version]), so `kindlead --version` needs no importlib.metadata at
# run time (importing that costs ~40 ms, a third of a scripted call's start-up).
__version__ = "0.1.0"
