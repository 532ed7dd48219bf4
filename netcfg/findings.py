"""A finding: one problem in one file, as a value (never an exception)."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

from netcfg.errors import Hint, Spelling, field_words
from netcfg.values import Value


class Severity(enum.Enum):
    ERROR = "error"
    WARNING = "warning"

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True, kw_only=True, slots=True, eq=False, repr=False)
class Finding(Value):
    """What is wrong, where, and under which rule.

    ``line`` and ``column`` are 1-based and ``None`` where unknown; ``path`` is an XPath-like
    location such as ``/NetworkConfiguration/.../VirtualNetworkSite[@name='VNet-Dublin']``.
    """

    rule: str
    severity: Severity
    message: str
    file: str = ""
    line: int | None = None
    column: int | None = None
    path: str = ""
    # What would settle it, as values (see netcfg.errors.Hint): each report spells them its reader's way.
    hints: tuple[Hint, ...] = ()

    def said(self, spell: Spelling = field_words) -> str:
        """The message, and its hints spelled by ``spell`` (the command line passes its flags)."""
        if not self.hints:
            return self.message
        return f"{self.message} ({'; '.join(hint.told(spell) for hint in self.hints)})"

    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.file, self.line or 0, self.column or 0, self.rule, self.message)

    def fails(self, *, strict: bool = False) -> bool:
        """Whether this finding makes a run fail (warnings only under ``--strict``)."""
        return self.severity is Severity.ERROR or strict


@dataclass(frozen=True, kw_only=True, slots=True, eq=False, repr=False)
class Report(Value):
    """What a findings format writes: the findings of one run, how many files it checked, and
    whether the reader is a colour terminal."""

    findings: tuple[Finding, ...]
    files: int
    colour: bool = False
    strict: bool = False  # warnings fail the run (--strict, or a settings file's strict = true)
    spell: Spelling = field(default=field_words, compare=False)  # how hints name options: the CLI's flags
