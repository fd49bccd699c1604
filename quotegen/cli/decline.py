"""`quotegen decline`: record in the ledger that the client declined a quote."""

from __future__ import annotations

from pathlib import Path

import click

from quotegen.cli import _ledger, _options, _report


@click.command("decline")
@click.argument("quote_number")
@click.option("--reason", help="Why, as the client said it (kept in the ledger).")
@_ledger.ledger
@_options.config
@_report.command()
def command(quote_number: str, reason: str | None, ledger_dir: Path | None, config_path: Path | None) -> None:
    """Record that the client declined QUOTE_NUMBER today; a new revision may still be issued."""
    from quotegen import api

    reason = reason.strip() if reason and reason.strip() else None
    recorded, answer = api.decline_quote(_ledger.directory(ledger_dir, config_path), quote_number, reason, _ledger.today())
    if recorded:
        click.echo(f"{quote_number} declined on {answer['on']}" + (f": {answer['reason']}" if answer.get("reason") else ""))
    else:
        click.echo(f"{quote_number} is already declined (on {answer['on']}); nothing written")
