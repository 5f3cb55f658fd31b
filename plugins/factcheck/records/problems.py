"""Problems found in fact records, reported as ``file:line:col: field: message``."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

# What must never reach a terminal or a CI log raw: C0 and C1 controls (ESC can rewrite the screen),
# lone surrogates (they cannot even be printed), and invisible format and separator characters.
_UNPRINTABLE = re.compile(
    r"[\x00-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb\ud800-\udfff]"
)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def escape_unprintable(text: str) -> str:
    """``text`` with every control, invisible or unpaired character written as an escape such as ``\\x1b``."""
    return _UNPRINTABLE.sub(_escape, text)


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    # Advice that `factcheck check` prints but that never fails a check or a build, not even with --strict:
    # its fix (an https address, a fresh review) may not be possible at once, and must not hold back a correction.
    NOTICE = "notice"


@dataclass(frozen=True, order=True)
class Problem:
    """One problem in one file, at a 1-based line and column."""

    file: str
    line: int
    column: int
    field: str
    message: str
    severity: Severity = Severity.ERROR

    def __str__(self) -> str:
        prefix = "" if self.severity is Severity.ERROR else f"{self.severity}: "
        field = self.field or "(file)"
        # File names, keys and values come from editors: nothing they wrote may act on the terminal.
        return escape_unprintable(f"{self.file}:{self.line}:{self.column}: {field}: {prefix}{self.message}")


def shown(value: object, limit: int = 60) -> str:
    """A value quoted for a one-line message: line breaks shown as ⏎, other controls escaped, long text shortened."""
    text = str(value).replace("\r\n", "\n").replace("\n", "⏎")
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return f"'{escape_unprintable(text)}'"


def errors(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity is Severity.ERROR]


def warnings(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity is Severity.WARNING]


def notices(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity is Severity.NOTICE]


def format_field_path(path: tuple[str | int, ...]) -> str:
    """``('sources', 0, 'url')`` -> ``sources[0].url``."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else part
    return text
