"""Load: read a YAML file into plain data, remembering where every key and value stands.

PyYAML's usual loaders silently keep the last of two duplicate keys and apply YAML 1.1
rules that turn a country `NO` into False or `010` into 8. This loader composes the node
tree and builds the data itself: mappings, lists and strings only (plain `null`, `~` or
an empty value become None), so every scalar reaches validation exactly as it was typed,
and each node's line and column are kept for error messages.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from quotegen.errors import InputError, QuotegenError

MAX_FILE_BYTES = 1_000_000
# A client file has a few hundred nodes; alias expansion ("billion laughs") has millions.
MAX_NODES = 100_000
NULL_WORDS = frozenset({"", "~", "null", "Null", "NULL"})

try:  # the C composer is several times faster; the pure one behaves the same
    _YamlLoader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - libyaml missing
    _YamlLoader = yaml.SafeLoader

Position = tuple[int, int]
Location = tuple[str | int, ...]


@dataclass(frozen=True)
class Document:
    """A loaded YAML file: its plain data and the 1-based position of every node."""

    path: str
    data: Any
    text: str = ""  # the decoded file, exactly as read (embedded in the PDF)
    value_positions: Mapping[Location, Position] = field(default_factory=dict)
    key_positions: Mapping[Location, Position] = field(default_factory=dict)

    def locate(self, loc: Location, *, prefer_key: bool = False) -> Position | None:
        """The position of the node at `loc`, or of its nearest ancestor that exists."""
        loc = tuple(loc)
        while True:
            if prefer_key and loc in self.key_positions:
                return self.key_positions[loc]
            if loc in self.value_positions:
                return self.value_positions[loc]
            if loc in self.key_positions:
                return self.key_positions[loc]
            if not loc:
                return None
            loc = loc[:-1]


def load_document(path: str | Path, *, display_path: str | None = None) -> Document:
    """Read and parse one YAML file; raise QuotegenError naming the file on any problem."""
    shown = display_path or str(path)
    return parse_document(read_client_bytes(path, shown), shown)


_SPECIAL_FILES = (
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a device"),
    (stat.S_ISFIFO, "a named pipe"),
    (stat.S_ISSOCK, "a socket"),
)


def read_client_bytes(path: str | Path, shown: str | None = None) -> bytes:
    """The bytes of a client file, which must be a regular file of at most MAX_FILE_BYTES.

    Type and size are checked with stat before anything is read, and the read is bounded
    anyway (the file may grow meanwhile), so a symlink to a huge file or /dev/zero costs no
    memory. A named pipe is never opened: opening one waits for a writer.
    """
    shown = shown or str(path)
    try:
        _check_client_stat(os.stat(path), shown)
        # O_NONBLOCK: should the file be swapped for a pipe after the stat, opening it
        # returns at once and the fstat below refuses it.
        handle = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0))
        with os.fdopen(handle, "rb") as stream:
            _check_client_stat(os.fstat(stream.fileno()), shown)
            raw = stream.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        raise QuotegenError([InputError(shown, "file not found")]) from None
    except IsADirectoryError:
        raise QuotegenError([InputError(shown, "is a directory, not a YAML file")]) from None
    except OSError as exc:
        from quotegen.errors import describe_os_error

        raise QuotegenError([InputError(shown, f"cannot be read: {describe_os_error(exc)}")]) from None
    if len(raw) > MAX_FILE_BYTES:
        raise QuotegenError([_too_large(shown)])
    return raw


def _check_client_stat(info: os.stat_result, shown: str) -> None:
    if stat.S_ISDIR(info.st_mode):
        raise QuotegenError([InputError(shown, "is a directory, not a YAML file")])
    if not stat.S_ISREG(info.st_mode):
        kind = next((name for test, name in _SPECIAL_FILES if test(info.st_mode)), "a special file")
        raise QuotegenError([InputError(shown, f"is not a regular file ({kind}); a client file is a text file")])
    if info.st_size > MAX_FILE_BYTES:
        raise QuotegenError([_too_large(shown)])


def _too_large(shown: str) -> InputError:
    return InputError(shown, f"file is larger than {MAX_FILE_BYTES // 1000} kB; a client file is a few kB")


def parse_document(raw: bytes | str, path: str) -> Document:
    """Parse YAML text (bytes must be UTF-8) into a Document."""
    text = _decode(raw, path) if isinstance(raw, bytes) else raw
    try:
        node = yaml.compose(text, Loader=_YamlLoader)
    except yaml.MarkedYAMLError as exc:
        raise QuotegenError([_yaml_error(exc, path, text)]) from None
    except yaml.YAMLError as exc:  # unmarked errors are rare; still name the file
        raise QuotegenError([InputError(path, f"invalid YAML: {exc}")]) from None
    if node is None:
        raise QuotegenError([InputError(path, "the file is empty")])
    builder = _Builder(path)
    data = builder.build(node, ())
    if builder.errors:
        raise QuotegenError(builder.errors)
    return Document(path, data, text, builder.value_positions, builder.key_positions)


def _decode(raw: bytes, path: str) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        byte = raw[exc.start]
        raise QuotegenError(
            [InputError(path, f"is not UTF-8 text (byte 0x{byte:02x}); save the file as UTF-8", line, column)]
        ) from None


# Friendlier words for the YAML problems people actually make in a text editor.
_YAML_PROBLEMS = (
    ("found character '\\t' that cannot start any token", "a tab character; indent with spaces"),
    ("found a tab character", "a tab character; indent with spaces"),
    ("mapping values are not allowed here", "unexpected ':' (check the indentation, or quote a value that holds ': ')"),
    ("mapping values are not allowed in this context", "unexpected ':' (check the indentation, or quote a value that holds ': ')"),
    ("found duplicate anchor", "the same anchor is defined twice"),
    ("found undefined alias", "an alias (*name) refers to an anchor that is not defined"),
)


def _yaml_error(exc: yaml.MarkedYAMLError, path: str, text: str) -> InputError:
    mark = exc.problem_mark or exc.context_mark
    problem = (exc.problem or exc.context or "invalid YAML").strip()
    if exc.context and "quoted scalar" in exc.context and exc.context_mark is not None:
        # The parser notices only at the end of the file; point at the opening quote.
        mark, problem = exc.context_mark, "a quoted value starts here and is never closed"
    if mark is not None and _char_at(text, mark.line, mark.column) == "\t":
        problem = "found a tab character"
    for needle, friendly in _YAML_PROBLEMS:
        if problem.startswith(needle):
            problem = friendly
            break
    message = f"invalid YAML: {problem}"
    if mark is None:
        return InputError(path, message)
    return InputError(path, message, mark.line + 1, mark.column + 1)


def _char_at(text: str, line: int, column: int) -> str:
    lines = text.split("\n")
    if 0 <= line < len(lines) and 0 <= column < len(lines[line]):
        return lines[line][column]
    return ""


class _Builder:
    """Turns a composed YAML node tree into plain data, collecting every error."""

    def __init__(self, path: str):
        self.path = path
        self.errors: list[InputError] = []
        self.value_positions: dict[Location, Position] = {}
        self.key_positions: dict[Location, Position] = {}
        self.nodes_seen = 0

    def build(self, node: yaml.Node, loc: Location) -> Any:
        self.nodes_seen += 1
        if self.nodes_seen > MAX_NODES:
            raise QuotegenError(
                [InputError(self.path, f"too many values (over {MAX_NODES:,}); aliases may be expanding without bound")]
            )
        self.value_positions[loc] = _position(node)
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, loc)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, loc + (index,)) for index, item in enumerate(node.value)]
        if not node.style and node.value in NULL_WORDS:  # plain style is None or "" by loader
            return None
        return node.value

    def _mapping(self, node: yaml.MappingNode, loc: Location) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                line, column = _position(key_node)
                self.errors.append(InputError(self.path, "a key must be plain text", line, column, _dotted(loc)))
                continue
            key = key_node.value
            key_loc = loc + (key,)
            if key in result:
                line, column = _position(key_node)
                first_line = self.key_positions[key_loc][0]
                self.errors.append(
                    InputError(self.path, f"duplicate key (first given on line {first_line})", line, column, _dotted(key_loc))
                )
                continue
            self.key_positions[key_loc] = _position(key_node)
            result[key] = self.build(value_node, key_loc)
        return result


def _position(node: yaml.Node) -> Position:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _dotted(loc: Location) -> str:
    """Format a location as a field path: ('roles', 2, 'salary') -> roles[2].salary."""
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


field_path = _dotted
