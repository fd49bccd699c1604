"""`quotegen new`: a commented client file to start from."""

from __future__ import annotations

from pathlib import Path

import click

from quotegen.cli import _report


@click.command("new")
@click.argument("name")
@click.option("-d", "--dir", "directory", default="clients", show_default=True, type=click.Path(file_okay=False, path_type=Path))
@_report.command()
def command(name: str, directory: Path) -> None:
    """Write a commented client file for NAME to start from."""
    from quotegen.input.scaffold import new_client

    try:
        path = new_client(name, directory)
    except FileExistsError as exc:
        _report.fail(f"{exc.args[0]}: already exists; nothing was written")
    click.echo(f"wrote {path}")
