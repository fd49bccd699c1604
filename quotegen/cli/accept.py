"""`quotegen accept`: record in the ledger that the client accepted a quote."""

from __future__ import annotations

from pathlib import Path

import click

from quotegen.cli import _ledger, _options, _report


@click.command("accept")
@click.argument("quote_number")
@click.option("--by", required=True, help="Who accepted it for the client.")
@click.option("--on", "on", type=click.DateTime(formats=["%Y-%m-%d"]), help="The day it was accepted, YYYY-MM-DD (default: today).")
@_ledger.ledger
@_options.config
@_report.command()
def command(quote_number: str, by: str, on, ledger_dir: Path | None, config_path: Path | None) -> None:
    """Record that the client accepted QUOTE_NUMBER: it cannot then be superseded or re-issued.

    Refused for a quote superseded by a later revision, declined, or expired on that day.
    """
    from quotegen import api

    if not by.strip():
        raise click.BadParameter("must name who accepted the quote", param_hint="--by")
    day = on.date() if on is not None else _ledger.today()
    recorded, answer = api.accept_quote(_ledger.directory(ledger_dir, config_path), quote_number, by.strip(), day)
    if recorded:
        click.echo(f"{quote_number} accepted by {answer['by']} on {answer['on']}")
    else:
        click.echo(f"{quote_number} is already accepted (by {answer['by']} on {answer['on']}); nothing written")
