"""Errors on stderr and exit codes, chosen in one place for every command.

Exit codes: 0 done; 1 a file, the configuration or the theme failed (each problem printed
as `file:line:col: field: message`, never a traceback); 2 a usage error (click's);
130 Ctrl-C; a build stopped by SIGTERM exits 143 (see cli/build.py).
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import NoReturn

import click

FAILED = 1
INTERRUPTED = 130  # 128 + SIGINT, as a shell reports a Ctrl-C


def echo(message: str) -> None:
    """One problem (possibly several lines) on stderr."""
    click.echo(message, err=True)


def fail(message: str | None = None) -> NoReturn:
    """End the command with exit 1, after its last words if any."""
    if message is not None:
        echo(message)
    sys.exit(FAILED)


def stopped(message: str, signum: int) -> NoReturn:
    """A command stopped by a signal: exit 128 + its number, as a shell would report it."""
    echo(message)
    sys.exit(128 + signum)


def file_failed(exc: Exception, label: str, *, rendering: str | None = "render failed") -> None:
    """Why one file failed (see quotegen.api.failure_message); the command goes on with the next."""
    from quotegen.api import failure_message

    echo(failure_message(exc, label, rendering=rendering))


def warnings(path, quote) -> None:
    for warning in quote.warnings:
        echo(f"{path}: warning: {warning}")


def input_warning(problem) -> None:
    """A problem in an input file that does not stop the command: `file:line:col: warning: field: why`."""
    where = problem.path + "".join(f":{n}" for n in (problem.line, problem.column) if n is not None)
    echo(f"{where}: warning: " + (f"{problem.field}: " if problem.field else "") + problem.message)


@contextmanager
def or_exit(label: str, *, rendering: str | None = "render failed") -> Iterator[None]:
    """A step the command cannot go on without: if it fails, say why and exit 1."""
    try:
        yield
    except Exception as exc:
        file_failed(exc, label, rendering=rendering)
        sys.exit(FAILED)


def command(interrupted: str | None = None):
    """Wrap a command's function: Ctrl-C and anything it did not handle end it as above.

    `interrupted` is the line for Ctrl-C (default: `NAME interrupted (SIGINT)`).
    """

    def wrap(function):
        @functools.wraps(function)
        def run(*args, **kwargs):
            try:
                return function(*args, **kwargs)
            except KeyboardInterrupt:
                echo(interrupted or f"{click.get_current_context().info_name} interrupted (SIGINT)")
                sys.exit(INTERRUPTED)
            except (click.ClickException, click.exceptions.Exit, click.Abort):
                raise  # usage errors and explicit exits: click prints and exits as usual
            except Exception as exc:  # a configuration error, a disk that said no, or a bug
                file_failed(exc, "quotegen")
                sys.exit(FAILED)

        return run

    return wrap
