"""One module per command group; each builds a Typer sub-app or registers commands."""
