"""Batch builds: many client files, incremental, in parallel, shardable, with a roll-up.

A manifest in the output directory records, for every input, a hash of the file together
with a fingerprint of everything else a proposal depends on (quotegen's version, the
provider configuration, the theme, the rate data). An input whose hashes are unchanged,
and whose outputs are all present, is skipped; anything else is rebuilt. Deciding that
needs neither pydantic nor WeasyPrint, so a no-op rebuild is fast.
"""

from __future__ import annotations

import csv
import errno
import hashlib
import io
import json
import math
import os
import re
import signal
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from quotegen import __version__
from quotegen.data.tables import theme_dirs
from quotegen.output.write import as_output_error, atomic_write
from quotegen.render.formats import NAMES as FORMAT_NAMES

MANIFEST_NAME = ".quotegen-build.json"
MANIFEST_VERSION = 2  # 2: entries carry their outputs' hashes
_MANIFEST_FILE = re.compile(r"\.quotegen-build(-\d+-of-\d+)?\.json")
SUMMARY_FIELDS = ("client", "roles", "currency", "in_house", "proposed", "savings", "savings_pct", "models", "quote_number", "file", "input")
RECYCLE_AFTER = 200  # documents per worker before it is replaced, to bound its memory
TIMEOUT_PER_ROLE = 1.0  # seconds added to --timeout for each role: 200 roles render in 20-40 s here
LOCK_WAIT = 5.0  # seconds a build waits for another one on the same output directory
STOP_GRACE = 10.0  # seconds running documents get to wind down after a stop, before their workers are killed


@dataclass(frozen=True, slots=True)
class BuildInput:
    """A client file and the name its outputs take, relative to the output directory."""

    path: Path
    name: str  # e.g. "east/acme" for clients/east/acme.yaml

    @property
    def label(self) -> str:
        return str(self.path)


@dataclass
class Outcome:
    input: BuildInput
    status: str  # built | skipped | failed
    outputs: list[str] = field(default_factory=list)
    error: str | None = None
    summary: dict | None = None
    input_hash: str | None = None
    seconds: float = 0.0


# -- choosing the inputs ----------------------------------------------------------------


def discover(paths: Iterable[Path]) -> list[BuildInput]:
    """Client files named directly, and every *.yaml / *.yml under named directories.

    Hidden files and folders (a leading dot: editor lock files, .git) are skipped; anything
    else with a YAML name is an input, even a pipe or a broken link, so that the build
    reports it rather than silently leaving it out. Raises QuotegenError naming every pair
    of inputs that would write the same outputs (see quotegen.output.write), before anything runs.
    """
    from quotegen.errors import InputError, QuotegenError
    from quotegen.output.write import name_collisions, safe_stem

    found: dict[Path, BuildInput] = {}
    for given in paths:
        if given.is_dir():
            for path in sorted(given.rglob("*")):
                relative = path.relative_to(given)
                if path.suffix not in (".yaml", ".yml") or _hidden(relative) or path.is_dir():
                    continue
                found.setdefault(path.resolve(), BuildInput(path, _safe_name(relative.parent / path.stem)))
        else:
            found.setdefault(given.resolve(), BuildInput(given, safe_stem(given.stem)))
    inputs = sorted(found.values(), key=lambda item: item.label)
    problems = name_collisions(((item.label, item.name) for item in inputs), reserved=_reserved_name)
    if problems:
        raise QuotegenError([InputError(label, message) for label, message in problems])
    return sorted(inputs, key=lambda item: item.name)


def _hidden(relative: Path) -> bool:
    return any(part.startswith(".") for part in relative.parts)


def _safe_name(relative: Path) -> str:
    """The output name of clients/<relative>.yaml: each folder and the stem made safe."""
    from quotegen.output.write import safe_stem

    return "/".join(safe_stem(part) for part in relative.parts)


def _reserved_name(name: str) -> str | None:
    """What a build writes itself under a client-like name: the roll-up, whole or per shard."""
    if re.fullmatch(r"summary(-\d+-of-\d+)?", name, flags=re.IGNORECASE):
        return "the build's roll-up (summary.csv, summary.json)"
    return None


def parse_shard(text: str) -> tuple[int, int]:
    """'2/5' -> (2, 5); the K-th of N shards, counted from 1."""
    try:
        k, n = (int(part) for part in text.split("/"))
    except ValueError:
        raise ValueError(f"--shard takes K/N with whole numbers, like 2/5, not {text!r}") from None
    if not 1 <= k <= n:
        raise ValueError(f"--shard {text}: K must be between 1 and N")
    return k, n


def shard(inputs: list[BuildInput], k: int, n: int) -> list[BuildInput]:
    """The inputs of shard K of N: decided by a hash of the output name, so every machine
    agrees, shards never overlap, and adding a file does not move the others."""
    return [item for item in inputs if int(hashlib.sha256(item.name.encode()).hexdigest()[:12], 16) % n == k - 1]


# -- fingerprints and the manifest ------------------------------------------------------


MAX_HASHED_BYTES = 50_000_000  # no theme, data or code file is near this; a device or a huge file is


def _hash_files(digest, files: Iterable[tuple[str, Path]]) -> None:
    """Hash files by label and content, reading each in chunks and at most MAX_HASHED_BYTES.

    A workspace may hold a link to a device or a huge file: it is never read whole (the
    renderer refuses such files anyway), so a fingerprint costs bounded memory and time.
    """
    for label, path in sorted(files):
        digest.update(label.encode() + b"\0")
        try:
            if not path.is_file():  # a FIFO or device behind a link: its name is enough
                digest.update(b"not a regular file")
                continue
            with open(path, "rb") as stream:
                remaining = MAX_HASHED_BYTES
                while remaining > 0 and (chunk := stream.read(min(1 << 20, remaining))):
                    digest.update(chunk)
                    remaining -= len(chunk)
        except OSError as exc:
            digest.update(f"unreadable: {exc.errno}".encode())
        digest.update(b"\0")


def environment_fingerprint(workspace: Path, config_path: Path | None, formats: tuple[str, ...]) -> str:
    """Everything besides the client file that shapes a proposal, hashed together."""
    digest = hashlib.sha256(f"quotegen {__version__}\0{','.join(formats)}\0".encode())
    data = Path(str(resources.files("quotegen").joinpath("data")))
    _hash_files(digest, ((f"data/{p.name}", p) for p in data.glob("*.yaml")))
    config = config_path or (workspace / "quotegen.yaml")
    if config.is_file():
        _hash_files(digest, [("config", config)])
    for index, root in enumerate(theme_dirs(workspace)):
        _hash_files(
            digest,
            ((f"theme{index}/{p.relative_to(root)}", p) for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts),
        )
    # The Python code itself: a changed engine must rebuild too (the version may lag).
    package = Path(__file__).resolve().parent.parent
    _hash_files(digest, ((f"code/{p.relative_to(package)}", p) for p in package.rglob("*.py")))
    # The workspace's ledger: a revision rendered after revision N-1 was issued gains its redline.
    _hash_files(digest, [("ledger", workspace / "issued" / "ledger.jsonl")])
    return digest.hexdigest()


REFUSED_INPUT = "refused"  # the hash of a file the loader will not read: matches no manifest entry


def file_hash(path: Path) -> str:
    """A hash of a client file, read exactly as far as the loader reads it (bounded).

    A file the loader refuses (missing, not a regular file, too large) is not read at all:
    it is never up to date, and its build fails with the loader's message.
    """
    from quotegen.errors import QuotegenError
    from quotegen.input.document import read_client_bytes

    try:
        return hashlib.sha256(read_client_bytes(path)).hexdigest()
    except QuotegenError:
        return REFUSED_INPUT


def manifest_name(shard_of: tuple[int, int] | None = None) -> str:
    """.quotegen-build.json, or .quotegen-build-K-of-N.json for a shard (see docs/ci.md)."""
    return f".quotegen-build-{shard_of[0]}-of-{shard_of[1]}.json" if shard_of else MANIFEST_NAME


def load_manifest(out_dir: Path, name: str = MANIFEST_NAME) -> dict:
    try:
        manifest = json.loads((out_dir / name).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {"version": MANIFEST_VERSION, "entries": {}}
    if not isinstance(manifest, dict) or manifest.get("version") != MANIFEST_VERSION or not isinstance(manifest.get("entries"), dict):
        return {"version": MANIFEST_VERSION, "entries": {}}
    return manifest


def _other_manifests(out_dir: Path, own: str) -> list[dict]:
    """The entries of every other manifest here: shards' ones, or the whole build's for a shard."""
    names = sorted(p.name for p in out_dir.glob(".quotegen-build*.json") if _MANIFEST_FILE.fullmatch(p.name) and p.name != own)
    return [load_manifest(out_dir, name)["entries"] for name in names]


def _save_manifest(out_dir: Path, name: str, manifest: dict) -> None:
    atomic_write(out_dir / name, json.dumps(manifest, indent=1, sort_keys=True).encode())


def _output_digest(path: Path) -> str | None:
    digest = hashlib.sha256()
    try:
        with path.open("rb") as stream:
            while chunk := stream.read(1 << 20):
                digest.update(chunk)
    except OSError:
        return None
    return digest.hexdigest()


def _up_to_date(entry: dict | None, input_hash: str, environment: str, out_dir: Path) -> bool:
    # The outputs' own hashes make an entry trustworthy whichever manifest it comes from (a
    # shard's, copied in from another machine) and whatever replaced the files since.
    if not isinstance(entry, dict) or entry.get("input") != input_hash or entry.get("environment") != environment:
        return False
    outputs, digests = entry.get("outputs") or [], entry.get("digests") or []
    return bool(outputs) and len(outputs) == len(digests) and all(
        _output_digest(out_dir / name) == digest for name, digest in zip(outputs, digests, strict=True)
    )


# -- the work of one document (runs in a worker) ------------------------------------------

_WORKER: dict = {}


class DocumentTimeout(Exception):
    """A document took longer than the time limit."""


def init_worker(workspace: str, config_path: str | None, cwd: str | None = None) -> None:
    """Load the configuration, templates and fonts once per worker process."""
    from quotegen import api

    if cwd is not None:  # a pool worker: see paths as the parent process does
        os.chdir(cwd)
    config = api.load_config(Path(workspace), Path(config_path) if config_path else None)
    _WORKER["config"] = config
    _WORKER["renderer"] = api.open_renderer(config)
    from quotegen.output.lifecycle import before_commit

    _WORKER["before_commit"] = before_commit  # a stopped build renames nothing more into place
    import weasyprint  # noqa: F401  (paid for once per worker, not per document)


def _on_alarm(signum, frame):
    raise DocumentTimeout()


def build_one(
    path: str, name: str, out_dir: str, formats: tuple[str, ...], timeout: int, label: str | None = None, brief: bool = False,
    timeout_per_role: float = 0.0, internal: bool = False, draft: bool = False,
) -> dict:
    """Render one client file into the output directory; never raises for bad input.

    The time limit is `timeout` seconds plus `timeout_per_role` for each role of the client.
    A file with placeholder text from `quotegen new` fails unless `draft` (DRAFT on every page).
    """
    from quotegen import api

    started = time.perf_counter()
    label = label or path
    result: dict = {"outputs": [], "error": None, "summary": None}
    limit = timeout
    previous = signal.signal(signal.SIGALRM, _on_alarm) if timeout else None
    if timeout:
        signal.alarm(timeout)

    def grow_limit(quote) -> None:  # a longer document may take longer: the limit grows with its roles
        nonlocal limit
        if timeout and timeout_per_role:
            limit = math.ceil(timeout + timeout_per_role * len(quote.roles))
            signal.alarm(max(1, math.ceil(limit - (time.perf_counter() - started))))

    try:
        _WORKER["renderer"].draft = draft
        if not draft:
            _refuse_placeholders(Path(path))
        rendered = api.render_file(Path(path), _WORKER["config"], _WORKER["renderer"], formats, brief=brief, on_quote=grow_limit, internal=internal)
        written = api.write_rendered(rendered, Path(out_dir), name, before_commit=_WORKER.get("before_commit"))
        result["outputs"] = [str(p.relative_to(os.path.abspath(out_dir))) for p in written]
        result["summary"] = summary_row(rendered.quote, result["outputs"][0], label)
    except DocumentTimeout:
        result["error"] = f"{label}: took longer than {limit} s and was stopped"
    except Exception as exc:  # bad input, a failing theme, a full disk, a bug: said against the file
        result["error"] = api.failure_message(exc, label)
    finally:
        if timeout:
            signal.alarm(0)
            signal.signal(signal.SIGALRM, previous)
    result["seconds"] = time.perf_counter() - started
    return result


def _refuse_placeholders(path: Path) -> None:
    """As `render` does: a file still holding `quotegen new`'s placeholders is not client-ready."""
    from quotegen import api
    from quotegen.errors import QuotegenError
    from quotegen.input.scaffold import placeholders

    problems = placeholders(api.load_client(path, _WORKER["config"]).document, "build")
    if problems:
        raise QuotegenError(problems)


def summary_row(quote, output: str, source: str) -> dict:
    """One line of the roll-up across clients."""
    totals = quote.totals
    return {
        "client": quote.client.name,
        "roles": len(quote.roles),
        "currency": quote.currency,
        "in_house": f"{totals.in_house_annual:.2f}",
        "proposed": f"{totals.proposed_annual:.2f}",
        "savings": f"{totals.savings_annual:.2f}",
        "savings_pct": f"{totals.savings_pct:.1f}",
        "models": " ".join(f"{model}:{count}" for model, count in quote.models_used),
        "quote_number": quote.number,
        "file": output,
        "input": source,
    }


# -- the build ----------------------------------------------------------------------------


@dataclass
class BuildReport:
    outcomes: list[Outcome]  # one per input; status "stopped" for those an interruption left unfinished
    seconds: float
    interrupted: int = 0  # the signal that stopped the build, or 0
    rollup: str = "summary"  # the roll-up's name without .csv / .json

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)


def build(
    inputs: list[BuildInput],
    out_dir: Path,
    *,
    workspace: Path,
    config_path: Path | None = None,
    formats: tuple[str, ...] = FORMAT_NAMES,
    jobs: int = 1,
    force: bool = False,
    timeout: int = 120,
    timeout_per_role: float = TIMEOUT_PER_ROLE,
    brief: bool = False,
    shard_of: tuple[int, int] | None = None,
    lock_wait: float = LOCK_WAIT,
    progress: Callable[[Outcome, int, int], None] | None = None,
    internal: bool = False,
    draft: bool = False,
) -> BuildReport:
    """Build every input that changed; keep going past failures; write the roll-up.

    `inputs` are those of shard `shard_of` (K, N) when it is given: the manifest and the
    roll-up are then that shard's own. SIGTERM and SIGINT stop the build (see
    quotegen.output.lifecycle); the report says which signal, and which inputs were left unfinished.
    `draft` stamps DRAFT on every page and lets placeholder text through; without it a file
    with placeholder text fails. Raises OutputError when the output directory cannot be written and
    lifecycle.OutputLocked when another build holds it.
    """
    from quotegen.output import lifecycle

    started = time.perf_counter()
    flag = lifecycle.new_flag()
    outcomes: dict[str, Outcome] = {}
    rollup = rollup_name(shard_of)
    with lifecycle.stop_on_signals(flag):
        try:
            _make_directory(out_dir)
            with lifecycle.output_lock(out_dir, lock_wait):
                _build_locked(
                    inputs, out_dir, outcomes, flag, workspace=workspace, config_path=config_path, formats=formats, jobs=jobs,
                    force=force, timeout=timeout, timeout_per_role=timeout_per_role, brief=brief, shard_of=shard_of, progress=progress,
                    internal=internal, draft=draft,
                )
                if all(item.name in outcomes for item in inputs):  # a build stopped part-way leaves the roll-up as it was
                    finished = [outcomes[item.name] for item in inputs]
                    write_rollup(out_dir, [o.summary for o in finished if o.summary and o.status != "failed"], rollup)
        except lifecycle.BuildStopped:
            pass  # the manifest was saved after every document
        except OSError as exc:
            raise as_output_error(exc, out_dir) from None
    ordered = [outcomes.get(item.name) or Outcome(item, "stopped") for item in inputs]
    return BuildReport(ordered, time.perf_counter() - started, flag.value, rollup)


def _build_locked(inputs, out_dir, outcomes, flag, *, workspace, config_path, formats, jobs, force, timeout, timeout_per_role, brief, shard_of, progress, internal=False, draft=False):
    """The build proper, while this process holds the output directory."""
    _remove_stale_parts(out_dir)
    own_name = manifest_name(shard_of)
    manifest = load_manifest(out_dir, own_name)
    entries: dict = manifest["entries"]
    others = _other_manifests(out_dir, own_name)
    # A draft and a final build make different documents: neither counts the other's as up to date.
    variants = (("brief",) if brief else ()) + (("internal",) if internal else ()) + (("draft",) if draft else ())
    environment = environment_fingerprint(workspace, config_path, formats + variants)
    todo: list[tuple[BuildInput, str]] = []
    for item in inputs:
        try:
            digest = file_hash(item.path)
        except OSError as exc:
            outcomes[item.name] = Outcome(item, "failed", error=f"{item.label}: cannot be read: {exc.strerror}")
            continue
        # This directory's own manifest first, then those of shards built here or copied in.
        entry = None if force else next(
            (e for e in [entries.get(item.name), *(m.get(item.name) for m in others)] if _up_to_date(e, digest, environment, out_dir)), None
        )
        if entry is not None:
            entries[item.name] = entry
            outcomes[item.name] = Outcome(item, "skipped", entry["outputs"], summary=entry.get("summary"), input_hash=digest)
        else:
            todo.append((item, digest))
    total = len(inputs)
    done = 0
    for outcome in list(outcomes.values()):
        done += 1
        if progress:
            progress(outcome, done, total)
    for outcome in _run(todo, out_dir, workspace, config_path, formats, jobs, timeout, timeout_per_role, brief, flag, internal, draft):
        outcomes[outcome.input.name] = outcome
        if outcome.status == "built":
            entries[outcome.input.name] = {
                "input": outcome.input_hash,
                "environment": environment,
                "outputs": outcome.outputs,
                "digests": [_output_digest(out_dir / name) for name in outcome.outputs],
                "summary": outcome.summary,
            }
        else:
            entries.pop(outcome.input.name, None)
        done += 1
        if progress:
            progress(outcome, done, total)
        # Save as we go, so a stopped or killed build keeps what it finished.
        _save_manifest(out_dir, own_name, manifest)
    _save_manifest(out_dir, own_name, manifest)


def _make_directory(out_dir: Path) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    if not os.access(out_dir, os.W_OK | os.X_OK):
        # os.access does not say why: a read-only file system is not a permission problem
        read_only = hasattr(os, "statvfs") and os.statvfs(out_dir).f_flag & os.ST_RDONLY
        code = errno.EROFS if read_only else errno.EACCES
        raise OSError(code, os.strerror(code), str(out_dir))


def run_document(*args) -> dict:
    """build_one for the build: a stop signal abandons the document until its files are renamed."""
    from quotegen.output import lifecycle

    try:
        with lifecycle.document():
            return build_one(*args)
    finally:
        signal.alarm(0)  # in case the stop came between build_one arming its alarm and its try


def _init_pool_worker(workspace: str, config_path: str | None, cwd: str, flag) -> None:
    from quotegen.output import lifecycle

    lifecycle.init_worker_process(flag)
    init_worker(workspace, config_path, cwd)


def _run(todo, out_dir, workspace, config_path, formats, jobs, timeout, timeout_per_role, brief, flag, internal=False, draft=False):
    """Yield outcomes as documents finish: in this process for one job, else in a pool."""
    from quotegen.output import lifecycle

    if not todo:
        return
    config_arg = str(config_path.resolve()) if config_path else None
    if jobs <= 1 or len(todo) == 1:
        init_worker(str(workspace.resolve()), config_arg)
        for item, digest in todo:
            if lifecycle.stopping():
                return
            args = (str(item.path), item.name, str(out_dir.resolve()), formats, timeout, item.label, brief, timeout_per_role, internal, draft)
            yield _outcome(item, digest, run_document(*args))  # raises BuildStopped on a signal
        return
    yield from _run_pool(todo, out_dir, workspace, config_arg, formats, jobs, timeout, timeout_per_role, brief, flag, internal, draft)


def _run_pool(todo, out_dir, workspace, config_arg, formats, jobs, timeout, timeout_per_role, brief, flag, internal=False, draft=False):
    import multiprocessing
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
    from concurrent.futures.process import BrokenProcessPool

    from quotegen.output import lifecycle

    context = multiprocessing.get_context("forkserver")
    # Workers fork from a server that has already imported the heavy libraries.
    context.set_forkserver_preload(["quotegen.render.renderer", "quotegen.api", "quotegen.output.lifecycle", "weasyprint"])
    pending = list(todo)
    attempts: dict[str, int] = {}
    while pending and not lifecycle.stopping():
        pool = ProcessPoolExecutor(
            max_workers=min(jobs, len(pending)),
            mp_context=context,
            initializer=_init_pool_worker,
            initargs=(str(workspace.resolve()), config_arg, os.getcwd(), flag),
            max_tasks_per_child=RECYCLE_AFTER,
        )
        try:
            futures = {
                pool.submit(run_document, str(item.path), item.name, str(out_dir.resolve()), formats, timeout, item.label, brief, timeout_per_role, internal, draft): (item, digest)
                for item, digest in pending
            }
            pending = []
            waiting = set(futures)
            give_up_at = None
            while waiting:
                # Short waits, so that a stop is acted on within a tenth of a second.
                done, waiting = wait(waiting, timeout=0.05, return_when=FIRST_COMPLETED)
                for future in done:
                    item, digest = futures[future]
                    error = None if future.cancelled() else future.exception()
                    if future.cancelled() or isinstance(error, lifecycle.BuildStopped):
                        continue  # not started, or abandoned: left out of the manifest
                    if error is None:
                        yield _outcome(item, digest, future.result())
                    elif isinstance(error, BrokenProcessPool):
                        if lifecycle.stopping():
                            continue
                        # A worker died (killed, out of memory). Everything unfinished gets one more
                        # try in a fresh pool; a document that kills a worker twice has failed.
                        attempts[item.name] = attempts.get(item.name, 0) + 1
                        if attempts[item.name] >= 2:
                            yield Outcome(item, "failed", error=f"{item.label}: the worker rendering it stopped unexpectedly", input_hash=digest)
                        else:
                            pending.append((item, digest))
                    else:
                        raise error
                if give_up_at is None and lifecycle.stopping():
                    # Workers see the flag themselves; here only what no worker has taken yet is dropped.
                    for future in waiting:
                        future.cancel()
                    give_up_at = time.monotonic() + STOP_GRACE
                elif give_up_at is not None and time.monotonic() > give_up_at:
                    _kill_workers(pool)  # stuck in native code: nothing of theirs is renamed now
                    give_up_at = float("inf")
        finally:
            pool.shutdown(wait=True, cancel_futures=True)


def _kill_workers(pool) -> None:
    for process in list((getattr(pool, "_processes", None) or {}).values()):
        process.kill()


def _outcome(item: BuildInput, digest: str, result: dict) -> Outcome:
    status = "failed" if result["error"] else "built"
    return Outcome(item, status, result["outputs"], result["error"], result["summary"], digest, result["seconds"])


def _remove_stale_parts(out_dir: Path) -> None:
    """Temporary files of a build that was killed mid-write (only ever called holding the lock)."""
    for part in out_dir.rglob(".*.part"):
        part.unlink(missing_ok=True)


def rollup_name(shard_of: tuple[int, int] | None) -> str:
    """summary, or summary-K-of-N for a shard: shards never overwrite each other's roll-up."""
    return f"summary-{shard_of[0]}-of-{shard_of[1]}" if shard_of else "summary"


def write_rollup(out_dir: Path, rows: list[dict], name: str = "summary") -> None:
    """output/summary.csv and output/summary.json across every client built or kept."""
    text = io.StringIO()
    writer = csv.DictWriter(text, fieldnames=SUMMARY_FIELDS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    atomic_write(out_dir / f"{name}.csv", text.getvalue().encode("utf-8"))
    atomic_write(out_dir / f"{name}.json", (json.dumps(rows, indent=2, ensure_ascii=False) + "\n").encode("utf-8"))
