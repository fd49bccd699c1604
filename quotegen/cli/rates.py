"""`quotegen rates`: every programme the engine applies for a region and year, with its source."""

from __future__ import annotations

import datetime as dt

import click

from quotegen.cli import _report

FORMATS = ("table", "json", "md")


@click.command("rates")
@click.argument("region", required=False)
@click.option("--year", type=click.IntRange(1900, 2999), default=None, help="Tax year (default: this year).")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(FORMATS),
    default="table",
    show_default=True,
    help="table: to read on the terminal; json: exact decimal strings; md: a document per country.",
)
@_report.command()
def command(region: str | None, year: int | None, output_format: str) -> None:
    """Print the rates of REGION (TX, ON, QC; US-CA for California; US or CA for the federal
    programmes only; every region if omitted): rate, wage base, employer share, size rules,
    basis, the days in force, source, read date and estimate mark."""
    from quotegen.render import rates_table

    year = year or dt.date.today().year
    try:
        pairs = rates_table.resolve(region)
    except rates_table.UnknownRegion as exc:
        _report.fail(f"quotegen rates: {exc}")
    tables = rates_table.rate_tables(pairs, year)
    if output_format == "json":
        click.echo(rates_table.as_json(tables, year), nl=False)
    elif output_format == "md":
        words = ["quotegen rates", *([region] if region else []), "--format md", f"--year {year}"]
        click.echo(rates_table.as_markdown(tables, year, " ".join(words)), nl=False)
    else:
        click.echo(rates_table.as_text(tables, year), nl=False)
