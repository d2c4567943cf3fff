"""The `analyzer` command. Thin: each subcommand parses arguments, calls the library, prints.

Subcommand groups live in sibling modules, each exposing `register(app)`.
"""

from __future__ import annotations

import sys

import typer

from ..core.errors import AnalyzerError

app = typer.Typer(
    name="analyzer",
    help="Find commitments, unresolved conflicts, transparency gaps and cultural missteps in meeting notes.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _register_all() -> None:
    from . import evaluate, meetings  # noqa: F401  (imported for their side effect of registering)

    for module in (meetings, evaluate):
        module.register(app)


def main(argv: list[str] | None = None) -> int:
    """Entry point: runs the app and turns every AnalyzerError into one line on stderr, exit code 2."""
    _register_all()
    try:
        app(args=argv, standalone_mode=False)
    except AnalyzerError as error:
        print(f"error: {error.message}", file=sys.stderr)
        return error.exit_code
    except typer.Exit as done:
        return done.exit_code
    except typer.Abort:
        print("error: aborted.", file=sys.stderr)
        return 130
    except KeyboardInterrupt:
        print("error: interrupted; nothing half-stored, run the command again to finish.", file=sys.stderr)
        return 130
    except Exception as usage:  # click usage errors arrive here in non-standalone mode
        from click.exceptions import ClickException

        if isinstance(usage, ClickException):
            print(f"error: {usage.format_message()} Run 'analyzer --help' for usage.", file=sys.stderr)
            return 2
        raise
    return 0


if __name__ == "__main__":
    sys.exit(main())
