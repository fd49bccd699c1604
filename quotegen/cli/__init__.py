"""The command line: one small module per command, each a thin shell over quotegen.api.

In:  the command's arguments and options, and the workspace: the --config file's directory,
     else the working directory (the only place quotegen reads it).
Out: documents and reports through quotegen.api; every problem on stderr as
     `file:line:col: field: message`; exit codes from cli/_report.py (0, 1, 2 usage, 130 Ctrl-C).
"""

from __future__ import annotations

import click

from quotegen import __version__
from quotegen.cli import accept, decline, issue, status  # the quote lifecycle (issue #14)
from quotegen.cli import build, explain, init, new, price, rates, render, schema, serve, validate, verify

COMMANDS = (render, validate, price, rates, explain, verify, build, serve, schema, new, init)  # one module per command
COMMANDS += (issue, status, accept, decline)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="quotegen")
def main() -> None:
    """Turn client YAML files into sourced, branded staffing proposals (PDF, HTML, JSON)."""


for _module in COMMANDS:
    main.add_command(_module.command)
