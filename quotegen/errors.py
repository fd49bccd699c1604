"""Input errors as small values: where (file, line, column, field) and what."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class InputError:
    """One problem in one input file, printable as `path:line:col: field: message`."""

    path: str
    message: str
    line: int | None = None
    column: int | None = None
    field: str | None = None

    def __str__(self) -> str:
        where = self.path
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        field = f" {self.field}:" if self.field else ""
        return f"{where}:{field} {self.message}"


class QuotegenError(Exception):
    """Raised with every error of one input at once, so a user fixes them in one go."""

    def __init__(self, errors: list[InputError] | tuple[InputError, ...]):
        self.errors = tuple(errors)
        super().__init__("\n".join(str(e) for e in self.errors))


class RenderError(Exception):
    """The renderer failed on a valid quote (a theme or configuration problem)."""
