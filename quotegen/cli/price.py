"""`quotegen price`: one client file's cost breakdown as a table on the terminal."""

from __future__ import annotations

from pathlib import Path

import click

from quotegen.cli import _options, _report


@click.command("price")
@click.argument("file", type=click.Path(path_type=Path))
@_options.config
@_report.command()
def command(file: Path, config_path: Path | None) -> None:
    """Print the cost breakdown of one client FILE as a table (no documents written)."""
    from quotegen import api
    from quotegen.render.terminal import quote_table

    quote = api.quote_file(file, _options.load_config(config_path))
    _report.warnings(file, quote)
    click.echo(quote_table(quote), nl=False)
