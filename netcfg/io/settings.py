"""Settings for ``netcfg validate`` from the files around the checked file, as ruff finds its own.

From each checked file's folder upwards, the first folder holding ``.netcfg.toml`` (its top level)
or a ``pyproject.toml`` with a ``[tool.netcfg]`` table gives the settings; further up is not read.
Keys: ``select`` and ``ignore`` (lists of rule IDs), ``strict`` (true/false) and
``per-file-ignores`` (a table of glob patterns, relative to that folder, to lists of rule IDs).
Options on the command line win: ``--select`` replaces ``select``, ``--ignore`` adds to ``ignore``,
``--strict`` turns strict on.
"""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Collection, Mapping
from typing import Any, NamedTuple

from netcfg.errors import UsageError
from netcfg.registry import did_you_mean

OWN_FILE = ".netcfg.toml"
PYPROJECT = "pyproject.toml"
KEYS = ("select", "ignore", "strict", "per-file-ignores")


class Settings(NamedTuple):
    """What a settings file says (``source`` is None when no file applies: the defaults).

    A named tuple rather than a dataclass: every 'netcfg validate' makes this class at import (see
    netcfg.validate.rules.base)."""

    source: str | None = None
    folder: str = "."
    select: frozenset[str] | None = None  # None: every rule
    ignore: frozenset[str] = frozenset()
    strict: bool = False
    per_file_ignores: tuple[tuple[str, frozenset[str]], ...] = ()

    def ignored_for(self, path: str) -> frozenset[str]:
        """``ignore`` plus the per-file ignores whose pattern matches ``path``."""
        relative = os.path.relpath(os.path.abspath(path), self.folder).replace(os.sep, "/")
        extra = [
            rules
            for pattern, rules in self.per_file_ignores
            if fnmatch.fnmatchcase(relative, pattern) or fnmatch.fnmatchcase(os.path.basename(path), pattern)
        ]
        return self.ignore.union(*extra)


DEFAULTS = Settings()


class SettingsFinder:
    """Finds the settings for each checked file; each folder is looked at once."""

    def __init__(self, known_rules: Collection[str]) -> None:
        self.known_rules = known_rules
        self._by_folder: dict[str, Settings] = {}

    def for_file(self, path: str) -> Settings:
        start = os.getcwd() if path == "-" else os.path.dirname(os.path.abspath(path))
        return self._for_folder(start)

    def _for_folder(self, folder: str) -> Settings:
        found = self._by_folder.get(folder)
        if found is None:
            found = self._read(folder)
            if found is None:
                parent = os.path.dirname(folder)
                found = DEFAULTS if parent == folder else self._for_folder(parent)
            self._by_folder[folder] = found
        return found

    def _read(self, folder: str) -> Settings | None:
        own = os.path.join(folder, OWN_FILE)
        if os.path.isfile(own):
            return self._parse(own, _load(own), folder)
        if os.path.lexists(own):  # a folder, a FIFO, a link to nowhere or in a loop: said, not skipped
            raise UsageError(f"is {_what(own)}, not a settings file; remove it or make it one", file=own)
        pyproject = os.path.join(folder, PYPROJECT)
        if os.path.isfile(pyproject) and _mentions_netcfg(pyproject):
            table = _load(pyproject).get("tool", {})
            if isinstance(table, dict) and "netcfg" in table:
                return self._parse(f"{pyproject} [tool.netcfg]", table["netcfg"], folder)
        return None

    def _parse(self, source: str, table: Any, folder: str) -> Settings:
        if not isinstance(table, dict):
            raise UsageError("the netcfg settings must be a table", file=source)
        unknown = next((key for key in table if key not in KEYS), None)
        if unknown is not None:
            raise UsageError(
                f"unknown key {unknown!r}{did_you_mean(unknown, KEYS)}; netcfg settings are {', '.join(KEYS)}", file=source
            )
        strict = table.get("strict", False)
        if not isinstance(strict, bool):
            raise UsageError("'strict' must be true or false", file=source)
        per_file = table.get("per-file-ignores", {})
        if not isinstance(per_file, dict):
            raise UsageError("'per-file-ignores' must be a table of glob patterns to lists of rules", file=source)
        return Settings(
            source=source,
            folder=folder,
            strict=strict,
            select=self._rules(source, "select", table["select"]) if "select" in table else None,
            ignore=self._rules(source, "ignore", table.get("ignore", [])),
            per_file_ignores=tuple(
                (str(pattern), self._rules(source, f"per-file-ignores {pattern!r}", rules)) for pattern, rules in per_file.items()
            ),
        )

    def _rules(self, source: str, key: str, value: Any) -> frozenset[str]:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise UsageError(f'{key!r} must be a list of rule IDs, e.g. ["xsd"]', file=source)
        unknown = next((rule for rule in value if rule not in self.known_rules), None)
        if unknown is not None:
            raise UsageError(
                f"{key}: no rule {unknown!r}{did_you_mean(unknown, self.known_rules)}; 'netcfg rules' lists them", file=source
            )
        return frozenset(value)


def _what(path: str) -> str:
    """What a path that is no regular file is, in words."""
    import stat

    try:
        mode = os.stat(path).st_mode
    except OSError as exc:  # ELOOP, ENOENT through a link, EACCES
        return "a link to nowhere" if os.path.islink(path) else f"unreadable ({exc.strerror or exc})"
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    return "not a regular file"


def _mentions_netcfg(path: str) -> bool:
    # Most projects' pyproject.toml has no netcfg table: a look at the bytes spares parsing it.
    try:
        with open(path, "rb") as handle:
            return b"netcfg" in handle.read()
    except OSError:
        return True  # let the reader say what is wrong


TOO_LONG = "a number longer than 4,300 digits, which no setting can be"


def _load(path: str) -> Mapping[str, Any]:
    import tomllib  # deferred (netcfg.deferred): only a folder with settings needs it

    try:
        with open(path, "rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as exc:
        raise UsageError(f"not valid TOML: {exc}", file=path) from None
    except ValueError:  # an integer longer than Python converts (4,300 digits): no setting is one
        raise UsageError(f"not valid settings: {TOO_LONG}", file=path) from None
    except OSError as exc:
        raise UsageError(f"cannot be read: {exc.strerror or exc}", file=path) from None
    except RecursionError:
        raise UsageError("its tables nest too deeply to read", file=path) from None
