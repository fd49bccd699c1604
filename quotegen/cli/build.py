"""`quotegen build`: every changed client file under some folders, in parallel, with a roll-up."""

from __future__ import annotations

import os
import sys
from contextlib import contextmanager
from pathlib import Path

import click

from quotegen.cli import _ledger, _options, _report


@click.command("build")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@_options.output("Directory for the proposals, the manifest and the roll-up.", file_okay=False)
@click.option("-j", "--jobs", type=click.IntRange(1, 64), default=None, help="Parallel workers (default: the number of CPUs).")
@click.option("--force", is_flag=True, help="Rebuild everything, changed or not.")
@click.option("--shard", "shard_text", metavar="K/N", help="Build only the K-th of N deterministic parts (for several CI machines); its roll-up is summary-K-of-N.csv/.json.")
@_options.formats
@click.option("--timeout", type=click.IntRange(1, 3600), default=120, show_default=True, help="Seconds a document may take, plus --timeout-per-role for each of its roles, before it is stopped and reported as failed.")
@click.option("--timeout-per-role", type=click.FloatRange(0, 60), default=1.0, show_default=True, help="Seconds added to --timeout for each role (200 roles: 120 + 200 = 320 s).")
@click.option("--lock-timeout", type=click.FloatRange(0, 86400), default=5.0, show_default=True, help="Seconds to wait for another build on the same output directory to finish before giving up.")
@_options.brief
@click.option("--draft", is_flag=True, help="Stamp DRAFT on every page; placeholder text from `quotegen new` is then allowed.")
@_ledger.internal
@_options.config
@_report.command(interrupted="build interrupted (SIGINT) before it started; nothing was written")
def command(paths, out_dir, jobs, force, shard_text, formats, timeout, timeout_per_role, lock_timeout, brief, draft, config_path, internal=False) -> None:
    """Build every client file under PATHS (default: clients/) that changed since the last build.

    A file that still has placeholder text from `quotegen new` fails unless --draft; a draft
    build and a normal one rebuild each other's outputs.

    SIGTERM or Ctrl-C stops the build: nothing more is written, the manifest keeps what
    finished, and the exit code is 143 or 130.
    """
    from quotegen.output.build import build
    from quotegen.output.lifecycle import OutputLocked

    inputs, shard_of = _inputs(paths or (Path("clients"),), shard_text)
    try:
        with _progress(len(inputs)) as progress:
            report = build(
                inputs, out_dir, workspace=_options.workspace(config_path), config_path=config_path, formats=formats,
                jobs=jobs or os.cpu_count() or 1, force=force, timeout=timeout, timeout_per_role=timeout_per_role, brief=brief,
                shard_of=shard_of, lock_wait=lock_timeout, progress=progress, internal=internal, draft=draft,
            )
    except OutputLocked as exc:
        _report.fail(_locked(exc, out_dir, lock_timeout))
    _summary(report, out_dir)


def _inputs(paths: tuple[Path, ...], shard_text: str | None):
    """The client files to build, this shard's only, and the shard (K, N) or None."""
    from quotegen.output.build import discover, parse_shard, shard

    missing = [p for p in paths if not p.exists()]
    if missing:
        raise click.BadParameter(", ".join(map(str, missing)) + " not found", param_hint="PATHS")
    inputs = discover(paths)  # QuotegenError: two client files that would write the same outputs
    if not shard_text:
        return inputs, None
    try:
        shard_of = parse_shard(shard_text)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--shard") from None
    return shard(inputs, *shard_of), shard_of


@contextmanager
def _progress(total: int):
    """The progress callback: a bar on a terminal, else a line per document made or failed."""
    if not sys.stderr.isatty():
        yield _log
        return
    with click.progressbar(length=total, file=sys.stderr, show_pos=True, item_show_func=_current, width=30) as bar:

        def progress(outcome, done: int, total: int) -> None:
            bar.update(done - bar.pos, outcome)

        yield progress  # leaving the block ends the bar's line


def _current(outcome) -> str | None:
    return None if outcome is None else f"{outcome.status:<7} {outcome.input.label[:40]}"


def _log(outcome, done: int, total: int) -> None:
    if outcome.status != "skipped":
        _report.echo(f"{outcome.status} {outcome.input.label}" + (f" ({outcome.seconds:.1f} s)" if outcome.status == "built" else ""))


def _locked(exc, out_dir: Path, lock_timeout: float) -> str:
    from quotegen.errors import shown_path

    holder = f" (pid {exc.pid})" if exc.pid else ""
    return (
        f"{shown_path(out_dir, directory=True)}: another quotegen build is running on this directory{holder}; "
        f"wait for it or use another -o (waited {lock_timeout:g} s)"
    )


def _summary(report, out_dir: Path) -> None:
    """Each failure, then the counts; the exit code says whether all went well."""
    from quotegen.output.lifecycle import signal_name

    failed = [o for o in report.outcomes if o.status == "failed"]
    for outcome in failed:
        _report.echo(outcome.error)
    counts = f"{report.count('built')} built, {report.count('skipped')} unchanged, {len(failed)} failed"
    if report.interrupted:
        _report.stopped(
            f"build interrupted ({signal_name(report.interrupted)}): {counts}, {report.count('stopped')} not finished; "
            "the manifest records what finished",
            report.interrupted,
        )
    click.echo(f"{counts} in {report.seconds:.1f} s; roll-up in {out_dir / report.rollup}.csv")
    if failed:
        _report.fail()
