"""Precompile prompts/rules.yaml into kindlead/_builtin_rules.json.

    .venv/bin/python scripts/gen_builtin_rules.py

Run it after editing the built-in rules; tests/test_scan.py fails while the JSON
is stale, and kindlead reads the YAML itself whenever the two do not match.
"""

from __future__ import annotations

import json

from kindlead.catalog import builtin_rules
from kindlead.rules import PRECOMPILED, load_rule_file, rules_to_data


def generate() -> str:
    path = builtin_rules()
    data = rules_to_data(load_rule_file(path), path.read_text(encoding="utf-8-sig"))
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


if __name__ == "__main__":
    PRECOMPILED.write_text(generate(), encoding="utf-8")
    print(f"wrote {PRECOMPILED}")
