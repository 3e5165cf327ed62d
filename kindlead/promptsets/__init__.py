"""Prompt sets: the model, its loader, where sets are found, and their templates."""
