"""Precompile prompts/rules.yaml into kindlead/_builtin_rules.py.

    .venv/bin/python scripts/gen_builtin_rules.py

Run it after editing the built-in rules; tests/test_scan.py fails while the module
is stale, and kindlead reads the YAML itself whenever the two do not match.
"""

from __future__ import annotations

import pprint

from kindlead.catalog import builtin_rules
from kindlead.rules import PRECOMPILED, load_rule_file, rules_to_data
from kindlead.scan import scan_data

HEADER = (
    '"""prompts/rules.yaml, validated and compiled by scripts/gen_builtin_rules.py.\n\n'
    'Generated: do not edit. kindlead uses it only while its checksum matches the YAML.\n"""\n\n'
    "from typing import Any\n\n"
)


def generate() -> str:
    path = builtin_rules()
    rules = load_rule_file(path)
    # read as load_builtin_rules reads it: bytes, so CRLF line ends count as written
    data = rules_to_data(rules, path.read_bytes().decode("utf-8-sig"))
    data["scan"] = scan_data(rules)
    return HEADER + "DATA: dict[str, Any] = " + pprint.pformat(data, width=100) + "\n"


if __name__ == "__main__":
    PRECOMPILED.write_text(generate(), encoding="utf-8")
    print(f"wrote {PRECOMPILED}")
