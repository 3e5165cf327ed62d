"""Language rules: the model, rule files and the built-in rules, and the phrase language."""
