"""The start-up floor: a minimal Typer app (one command, two options) on this stack."""

from typing import Annotated

import typer

app = typer.Typer()


@app.command()
def hello(
    name: Annotated[str, typer.Option(help="Who to greet.")] = "world",
    count: Annotated[int, typer.Option(help="How many times.")] = 1,
) -> None:
    for _ in range(count):
        typer.echo(f"Hello {name}")


if __name__ == "__main__":
    app()
