"""The linter shared by `kindlead check` and the coaching in `reframe`.

    Markdown reader → inline masking → gate words → phrase matching → decisions

Each part is a module with one job (see `kindlead.lint.engine` for how they join);
`scan_text` and `scan_stream` are the way in.
"""

from kindlead.lint.engine import Finding, check_allow, scan_stream, scan_text
from kindlead.lint.markdown import MAX_PARAGRAPH

__all__ = ["MAX_PARAGRAPH", "Finding", "check_allow", "scan_stream", "scan_text"]
