"""The command line: which module holds each command, and the process around a run.

A command's module is imported only when that command runs, through :func:`netcfg.deferred.load`:
``netcfg validate`` does not pay for the other commands, and ``netcfg --help`` lists them from
:data:`SUMMARIES` without importing any. The click group is :mod:`netcfg.cli.group`; this module
imports no click, so that ``netcfg validate FILE...`` with no options (what a pre-commit hook
runs) can skip click altogether (:mod:`netcfg.cli.validating`), with the same output.
"""

from __future__ import annotations

import contextlib
import errno
import io
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from netcfg.errors import Hint, Interrupted, NetcfgError, OptionError, UsageError

if TYPE_CHECKING:
    from netcfg.cli.group import NetcfgGroup

EXIT_REFUSED = 1  # findings, or a refused operation
EXIT_USAGE = 2  # a usage error: the command line, a value or a settings file is wrong

# name -> "module:function"
COMMANDS: dict[str, str] = {
    "diff": "netcfg.cli.editing:diff",
    "export": "netcfg.cli.making:export_command",
    "graph": "netcfg.cli.making:graph",
    "key": "netcfg.cli.key:key",
    "merge": "netcfg.cli.editing:merge",
    "patch": "netcfg.cli.editing:patch",
    "reach": "netcfg.cli.checking:reach",
    "render": "netcfg.cli.making:render",
    "rules": "netcfg.cli.checking:rules",
    "schema": "netcfg.cli.checking:schema",
    "runbook": "netcfg.cli.making:runbook",
    "show": "netcfg.cli.making:show",
    "stretch": "netcfg.cli.making:stretch",
    "validate": "netcfg.cli.checking:validate",
}

# name -> what 'netcfg --help' says of it; each command's short help is read from here too, so
# that listing the commands imports none of their modules (each pulls in the model and more).
SUMMARIES: dict[str, str] = {
    "diff": "What uploading NEW over CURRENT would add, change and delete.",
    "export": "Rebuild a network on Resource Manager (Bicep, ARM JSON, Az PowerShell).",
    "graph": "Draw a network (DOT, Mermaid, SVG).",
    "key": "Make a random shared key for the gateways.",
    "merge": "Add a network to an exported config, keeping all of it.",
    "patch": "The second pass: put the real gateway IPs in, offline.",
    "reach": "Which networks reach which by the gateways' static routes, and why not.",
    "render": "A topology or .netcfg as a canonical .netcfg (or any other output).",
    "rules": "List the validator's rules, or explain one.",
    "schema": "Print a schema: the topology format's (JSON Schema) or the .netcfg's (XSD).",
    "runbook": "Write the PowerShell runbook for the whole procedure.",
    "show": "Summarise a network: regions, VNets, sites, connections.",
    "stretch": "Write the stretched network (default: the article's two regions).",
    "validate": "Check .netcfg files before uploading them.",
}


def flag_words(hint: Hint) -> str:
    """How the command line says a hint: its flag once per value, each value quoted for a shell when
    it holds more than plain words (a site's name can hold spaces); another command's, whole."""
    flag = hint.option.flag
    said = " ".join(f"{flag} {_shell_word(v)}" for v in hint.values) or flag
    if hint.command:
        return " ".join(["netcfg", hint.command, said, *map(_shell_word, hint.operands)])
    return said


def _shell_word(value: str) -> str:
    # '<' and '>' mark a placeholder (GROUP=<region>), which the reader replaces before running it.
    plain = all(c.isalnum() or c in "-_.=/:,<>" for c in value) and not value.startswith("-")
    if plain:
        return value
    import shlex

    return shlex.quote(value)


class _ClosedOutput(io.TextIOBase):
    """Standard output or error that was closed when netcfg started (``>&-``): writing it is an error, not silence."""

    def __init__(self, name: str) -> None:
        self.name = name

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        raise OSError(errno.EBADF, f"{self.name} is closed")

    @property
    def buffer(self) -> Any:
        raise OSError(errno.EBADF, f"{self.name} is closed")


class _ErrorsOrNothing:
    """Standard error that cannot take what is said (a full device, closed): the words are lost,
    but the exit code still tells, so a usage error stays 2 instead of becoming a failed write's 1."""

    def __init__(self, stream: Any) -> None:
        self._stream = stream
        self.encoding = str(getattr(stream, "encoding", None) or "utf-8")
        self.errors = "backslashreplace"

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        with contextlib.suppress(OSError):
            self._stream.write(text)
        return len(text)

    def flush(self) -> None:
        with contextlib.suppress(OSError):
            self._stream.flush()

    def isatty(self) -> bool:
        with contextlib.suppress(OSError, ValueError):
            return bool(self._stream.isatty())
        return False


def told(exc: NetcfgError) -> int:
    """Say ``exc`` on standard error, as one line with its hints in flags; the exit code it means."""
    from netcfg.report import shortened, visible

    with contextlib.suppress(OSError, ValueError):
        print(f"netcfg: error: {shortened(visible(exc.told(flag_words)))}", file=sys.stderr)
    if isinstance(exc, (UsageError, OptionError)):  # a value or a settings file that is wrong
        return EXIT_USAGE
    # A signal that stopped a write ends the process as the signal would have: 128 + its number.
    return 128 + exc.signum if isinstance(exc, Interrupted) else EXIT_REFUSED


def __getattr__(name: str) -> NetcfgGroup:
    # The click group, imported on first use: 'from netcfg.cli import cli' keeps working.
    if name == "cli":
        from netcfg.cli.group import cli

        return cli
    raise AttributeError(f"module 'netcfg.cli' has no attribute {name!r}")


def _complain(message: str) -> None:
    with contextlib.suppress(OSError, ValueError):
        print(f"netcfg: error: {message}" if not message.startswith("netcfg") else message, file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> None:
    """Console-script entry point: runs the command, then ends the process without tearing it down."""
    import gc
    import os
    import signal

    # A run builds many small objects and frees them all at exit; the cyclic collector's
    # repeated full scans of that growing heap made large files cost more than linear time.
    gc.disable()
    # Ctrl-C ends a run as SIGTERM and SIGHUP do: by the signal (exit 130 in a shell), not with click's
    # "Aborted!" and exit 1. Writes hold all three until their files are whole (netcfg.io.writing).
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    if sys.stdout is None:
        sys.stdout = _ClosedOutput("standard output")
    # Closed (2>&-) or full, standard error loses the words; the exit code alone tells, unchanged.
    sys.stderr = _ErrorsOrNothing(sys.stderr if sys.stderr is not None else _ClosedOutput("standard error"))
    args = list(argv) if argv is not None else sys.argv[1:]
    try:
        from netcfg.cli.validating import plain_validate

        code: Any = plain_validate(args)
        if code is None:
            from netcfg.cli.group import cli

            cli.main(args=args, prog_name="netcfg")
            code = 0
    except SystemExit as exc:
        code = exc.code
    except BrokenPipeError:  # the reader went away (say, '| head'): the output no longer matters
        code = 1
    except OSError as exc:  # standard output closed or full (> /dev/full): one line, never a traceback
        _complain(f"cannot write to standard output: {exc.strerror or exc}")
        code = 1
    if isinstance(code, str):
        _complain(code)
        code = 1
    # Freeing a large document and its model object by object at interpreter exit costs time for
    # nothing (it shows in the bench's large validate rows): the process ends anyway. Flush what was written and
    # leave (as mypy does). Nothing of ours needs atexit; every file is closed before this. A
    # tracer or profiler (coverage, cProfile, pyinstrument) reports at exit, so then exit normally.
    try:
        sys.stdout.flush()
    except BrokenPipeError:  # the reader went away (say, '| head'): the output no longer matters
        code = code or 1
    except OSError as exc:  # buffered output that did not fit (> /dev/full)
        _complain(f"cannot write to standard output: {exc.strerror or exc}")
        code = code or 1
    with contextlib.suppress(OSError):
        sys.stderr.flush()
    if sys.gettrace() is not None or sys.getprofile() is not None:
        sys.exit(code)
    os._exit(code or 0)
