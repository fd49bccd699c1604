"""What the lifecycle commands share: the ledger's directory, --internal, and today's date."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from quotegen.cli import _options


def today() -> dt.date:
    """Today: the one place the lifecycle commands read the clock (tests put a fixed date here)."""
    return dt.date.today()


def directory(given: Path | None, config_path: Path | None) -> Path:
    """The ledger's directory: --ledger, else issued/ in the workspace."""
    from quotegen.output.ledger import DEFAULT_DIRECTORY

    return given if given is not None else _options.workspace(config_path) / DEFAULT_DIRECTORY


ledger = click.option(
    "--ledger",
    "ledger_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="The ledger's directory: ledger.jsonl and the issued PDFs (default: issued/ in the workspace, the --config file's directory, else here).",
)

internal = click.option(
    "--internal",
    is_flag=True,
    help="Also write <name>-internal.pdf for the provider: cost, price, margin and discount per role, approvals and the model-selection trace.",
)
