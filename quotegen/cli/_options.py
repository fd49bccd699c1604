"""Options shared by several commands, and the workspace a command works in."""

from __future__ import annotations

from pathlib import Path

import click

from quotegen.cli import _report
from quotegen.render.formats import FORMATS, NAMES


def workspace(config_path: Path | None) -> Path:
    """The workspace: the --config file's directory (its templates and logo), else here."""
    return config_path.resolve().parent if config_path is not None else Path.cwd()


def load_config(config_path: Path | None):
    """The provider configuration of the workspace; its errors end the command (see _report)."""
    from quotegen import api

    return api.load_config(workspace(config_path), config_path)


def open_renderer(config):
    """The workspace's renderer, or why its theme is broken and exit 1."""
    from quotegen import api

    with _report.or_exit("quotegen: theme", rendering=None):
        return api.open_renderer(config)


def _all_if_none(ctx, param, value: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(value)) or NAMES  # repeats dropped, order kept


brief = click.option(
    "--brief", is_flag=True, help="The short form: cover, summary, comparison, recommendations and terms (JSON unchanged)."
)

config = click.option(
    "--config",
    "config_path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Provider configuration (default: ./quotegen.yaml if present, else the built-in sample).",
)

formats = click.option(
    "-f",
    "--format",
    "formats",
    multiple=True,
    type=click.Choice(NAMES),
    callback=_all_if_none,
    help="Output format; repeat for several (default: all: "
    + "; ".join(f"{entry.name}, {entry.description}" for entry in FORMATS.values())
    + ").",
)


def output(help: str, *, file_okay: bool = True):
    return click.option(
        "-o", "--output", "out_dir", default="output", show_default=True, type=click.Path(file_okay=file_okay, path_type=Path), help=help
    )
