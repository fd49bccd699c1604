"""`quotegen status`: every issued quote's state today, and whether today's rates change it."""

from __future__ import annotations

import json
from pathlib import Path

import click

from quotegen.cli import _ledger, _options, _report

COLUMNS = (("quote_number", "QUOTE"), ("client", "CLIENT"), ("state", "STATE"), ("valid_until", "VALID UNTIL"), ("rates_changed", "RATES CHANGED"))


@click.command("status")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True, help="A table for people, or JSON for programs.")
@click.option("--check", is_flag=True, help="Exit 1 when a live quote has expired or today's rates change its figures (a nightly CI job).")
@_ledger.ledger
@_options.config
@_report.command()
def command(fmt: str, check: bool, ledger_dir: Path | None, config_path: Path | None) -> None:
    """List every issued quote with its state: issued, expiring (within 7 days), expired,
    superseded, accepted or declined; and for live ones (issued, expiring, expired), whether
    today's rate data would change their figures, so that a new revision is due."""
    from quotegen.errors import shown_path
    from quotegen.output.ledger import LEDGER_NAME
    from quotegen.output.status import statuses

    config = _options.load_config(config_path)
    directory = _ledger.directory(ledger_dir, config_path)
    rows = statuses(config, directory, _ledger.today())
    if fmt == "json":
        click.echo(json.dumps([row.to_dict() for row in rows], indent=2, ensure_ascii=False))
    elif not rows:
        click.echo(f"No quote has been issued: {shown_path(directory / LEDGER_NAME)} has none.")
    else:
        click.echo(_table(rows))
    if check:
        due = [row for row in rows if row.due]
        for row in due:
            _report.echo(f"{row.quote_number}: {row.why_due}")
        if due:
            _report.fail(f"{len(due)} live quote(s) need a new revision.")


def _table(rows) -> str:
    cells = [[title for _, title in COLUMNS]] + [[_cell(row.to_dict()[key]) for key, _ in COLUMNS] for row in rows]
    widths = [max(len(line[i]) for line in cells) for i in range(len(COLUMNS))]
    return "\n".join("  ".join(cell.ljust(width) for cell, width in zip(line, widths)).rstrip() for line in cells)


def _cell(value) -> str:
    return {True: "yes", False: "no", None: "-"}.get(value, str(value)) if isinstance(value, bool) or value is None else str(value)
