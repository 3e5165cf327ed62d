"""Precompile the built-in prompt sets (prompts/*.yaml) into kindlead/_builtin_sets.py.

    .venv/bin/python scripts/gen_builtin_sets.py

Run it after editing a built-in set; tests/test_promptset.py fails while the module
is stale, and kindlead reads the YAML itself whenever the two do not match.
"""

from __future__ import annotations

import pprint

from kindlead.catalog import RULES_FILE, builtin_dir
from kindlead.promptset import PRECOMPILED, load_yaml_set, set_to_data

HEADER = (
    '"""The built-in prompt sets, validated, made by scripts/gen_builtin_sets.py.\n\n'
    'Generated: do not edit. kindlead uses a set only while its checksum matches the YAML.\n"""\n\n'
    "from typing import Any\n\n"
)


def generate() -> str:
    sets = {
        path.name: set_to_data(load_yaml_set(path), path.read_bytes().decode("utf-8-sig"))
        for path in sorted(builtin_dir().glob("*.yaml"))
        if path.name != RULES_FILE
    }
    return HEADER + "SETS: dict[str, Any] = " + pprint.pformat(sets, width=100) + "\n"


if __name__ == "__main__":
    PRECOMPILED.write_text(generate(), encoding="utf-8")
    print(f"wrote {PRECOMPILED}")
