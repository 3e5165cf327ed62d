"""Files: safe YAML with positions, atomic writes, and where a user's files live."""
