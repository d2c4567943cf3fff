"""Partner memory commands (`partner`, `ask`, `brief`); registered here once they exist."""

import typer


def register(app: typer.Typer) -> None:
    """No partner commands yet."""
