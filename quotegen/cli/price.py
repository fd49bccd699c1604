"""`quotegen price`: one client file's cost breakdown on the terminal, as a table, JSON or CSV."""

from __future__ import annotations

from pathlib import Path

import click

from quotegen.cli import _options, _report


@click.command("price")
@click.argument("file", type=click.Path(path_type=Path))
@_options.config
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["table", "json", "csv"]),
    default="table",
    show_default=True,
    help="table: the breakdown to read; json: each role's cost lines as exact decimal strings; csv: one row per cost line.",
)
@_report.command()
def command(file: Path, config_path: Path | None, output_format: str) -> None:
    """Print the cost breakdown of one client FILE (no documents written)."""
    from quotegen import api
    from quotegen.render.terminal import quote_lines_csv, quote_lines_json, quote_table

    quote = api.quote_file(file, _options.load_config(config_path))
    _report.warnings(file, quote)
    render = {"table": quote_table, "json": quote_lines_json, "csv": quote_lines_csv}[output_format]
    click.echo(render(quote), nl=False)
