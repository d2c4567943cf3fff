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
    from . import evaluate, meetings, partner

    for module in (meetings, evaluate, partner):
        module.register(app)


def main(argv: list[str] | None = None) -> int:
    """Entry point: runs the app and turns every AnalyzerError into one line on stderr, exit code 2."""
    _register_all()
    try:
        code = app(args=argv, standalone_mode=False)
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
    except Exception as error:  # never a traceback for a user; one line that says what to do
        if _is_usage_error(error):
            message = error.format_message()  # type: ignore[attr-defined]  # a click usage error (checked above)
            print(f"error: {message.rstrip('.')}. Run 'analyzer --help' for usage.", file=sys.stderr)
            return 2
        if isinstance(error, OSError) and _in_home(error):
            print(f"error: {_home_problem(error)}", file=sys.stderr)
            return 2
        lost = _server_lost(error)
        if lost:
            print(f"error: {lost}", file=sys.stderr)
            return 2
        return _internal_error(error)
    return code if isinstance(code, int) else 0


def _is_usage_error(error: BaseException) -> bool:
    """Click usage errors, whichever click raised them (Typer ships its own copy as typer._click)."""
    return any(
        klass.__name__ in ("UsageError", "ClickException") and klass.__module__.endswith("click.exceptions")
        for klass in type(error).__mro__
    )


def _in_home(error: OSError) -> bool:
    """Whether the failing path is the data directory or inside it (ANALYZER_HOME)."""
    from pathlib import Path

    from ..settings import get_settings

    home = get_settings().home
    paths = [Path(str(p)) for p in (error.filename, error.filename2) if p]
    return any(p == home or home in p.parents or p in home.parents for p in paths)


def _home_problem(error: OSError) -> str:
    from ..settings import get_settings

    home = get_settings().home
    why = error.strerror or type(error).__name__
    return (
        f"the data directory {home} cannot be used ({why}: {error.filename}). "
        "Set ANALYZER_HOME to a directory you can write to, or fix its permissions"
    )


def _server_lost(error: BaseException) -> str | None:
    """The one-line problem when a configured Chroma server stopped answering mid-command, else None.

    Chroma's HTTP client surfaces a dead server as httpx transport errors or as its own errors
    wrapping them; any of those in the exception chain, with a server configured, means the same.
    """
    from ..settings import get_settings

    settings = get_settings()
    where = settings.chroma_url or (
        f"{settings.chroma_host}:{settings.chroma_port or 8000}" if settings.chroma_host else None
    )
    if where is None:
        return None
    seen: BaseException | None = error
    while seen is not None:
        module = type(seen).__module__
        text = str(seen)
        if (
            module.startswith(("httpx", "httpcore"))
            or "Could not connect to" in text
            or "onnect" in type(seen).__name__
        ):
            return (
                f"the Chroma server at {where} stopped answering ({type(seen).__name__}). Check that it "
                "is running and reachable (ANALYZER_CHROMA_URL), then run the command again; readers see "
                "only committed meetings, and 'analyzer store check' lists what an interrupted write left"
            )
        seen = seen.__cause__ or seen.__context__
    return None


def _internal_error(error: BaseException) -> int:
    import traceback

    if _debug():
        traceback.print_exc()
    print(
        f"error: unexpected {type(error).__name__}: {str(error).splitlines()[0][:200] if str(error) else ''}. "
        "Re-run with ANALYZER_DEBUG=1 to see the details, and report it with the input that caused it.",
        file=sys.stderr,
    )
    return 1


if __name__ == "__main__":
    sys.exit(main())


def _debug() -> bool:
    """ANALYZER_DEBUG, read through the settings (a broken setting must not hide the real error)."""
    try:
        from ..settings import get_settings

        return get_settings().debug
    except Exception:  # noqa: BLE001 - the error being reported matters more than this flag
        return False
