"""The exception family. Only :mod:`netcfg.cli` turns these into exit codes."""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable
from typing import NamedTuple


class Option(enum.Enum):
    """What a caller can say beyond the network itself: ``field`` is its name in the library (a field
    of ``Request``, ``StretchPlan``, ``SecondPass`` or ``Selection``, a keyword of the writers, or
    the function that does it); ``flag`` is how the command line spells it, for the command line alone."""

    LOCATIONS = ("locations", "--location-map")  # the Azure location of affinity groups (a .netcfg does not hold it)
    MIRRORS = ("mirrors", "--mirror")  # which local site stands in for which VNet
    PEERING = ("peering", "--peering")  # Resource Manager exports: VNets joined by peering, not gateways
    SUBSCRIPTION = ("subscription", "--subscription")  # one subscription of a network across several
    SUBSCRIPTION_OF = ("subscriptions", "--subscription-of")  # the subscription each stretched region's VNet goes in
    GATEWAY_TYPES = ("gateway_types", "--gateway-type")  # the classic gateway types a .netcfg does not record
    ACCEPT_LOST = ("accept_lost", "--accept-lost")  # write an export that reaches less than classic did
    CHECK = ("compare_export", "--check")  # compare what an export reaches with classic reach
    FORCE = ("force", "--force")  # replace an output that exists, or write where writing is unusual
    BACKUP = ("backup", "--no-backup")  # keep FILE.bak of a file replaced in place (the flag turns it off)
    OUTPUT = ("outputs", "-o")  # where an output goes (the paths given to write_files)
    FORMAT = ("output", "--format")  # how a picture is drawn: the output svg, dot or mermaid
    SHAPE = ("shape", "--shape")  # how a stretched network's gateways connect (mesh, hub)
    HUB = ("hub", "--hub")  # the region whose VNet is the hub
    TRANSIT = ("transit", "--transit")  # spokes reach each other through the hub
    GATEWAY_SKU = ("sku", "--gateway-sku")  # the classic gateway size (its connection limit)
    VNET_PREFIX_LENGTH = ("vnet_prefix_length", "--vnet-prefix-length")  # each stretched VNet's size
    ADDRESS_POOL = ("pool", "--address-pool")  # where stretched VNets take their address space
    ALLOW_PRIVATE = ("allow_private", "--allow-private")  # a lab's private gateway addresses are accepted
    NETWORK = ("validate_network", "--network")  # several files checked as one network
    GATEWAY_ADDRESSES = ("addresses", "--from")  # the second pass: each VNet's gateway VIP (gateways.json)
    VALIDATE_FOR = ("as_new", "--for")  # validate judges a file as a network about to be created (an output's source)

    @property
    def field(self) -> str:
        return str(self.value[0])

    @property
    def flag(self) -> str:
        return str(self.value[1])


class Hint(NamedTuple):
    """What a caller could say to settle an error: ``does`` (in the domain's words) is what saying
    ``option`` with each of ``values`` (none for a switch) would do; with ``command``, the option is
    of that other command, run on ``operands``.

    Errors carry hints as values so that only the command line spells its flags; the library's own
    text names the request field instead. (A named tuple, not a dataclass: ``netcfg --help`` loads
    this module and pays nothing for dataclasses.)"""

    does: str  # "to replace it", "to say which"
    option: Option
    values: tuple[str, ...] = ()
    command: str = ""  # "validate": the option is that command's
    operands: tuple[str, ...] = ()  # what the command is run on

    def told(self, spell: Spelling) -> str:
        return f"{self.does}: {spell(self)}"


Spelling = Callable[[Hint], str]  # how a hint's option, values and command are written


def field_words(hint: Hint) -> str:
    """How the library says a hint: the request's field and values (``mirrors SITE=VNET, ...``), and
    the function's name and arguments for another command's."""
    said = f"{hint.option.field} {', '.join(hint.values)}" if hint.values else hint.option.field
    if not hint.command:
        return said
    on = f" of {', '.join(hint.operands)}" if hint.operands else ""
    return f"{said} ({hint.command}{on})"


class NetcfgError(Exception):
    """Root of every error netcfg raises on purpose.

    ``hints`` (structured, see :class:`Hint`) follow the message in parentheses; :meth:`told` says
    the error with options spelled by ``spell`` (the command line passes its flags)."""

    hints: tuple[Hint, ...] = ()

    def __init__(self, *args: object, hints: Iterable[Hint] = ()) -> None:
        super().__init__(*args)
        self.hints = tuple(hints)

    def plain(self) -> str:
        """The message without its hints."""
        return super().__str__()

    def told(self, spell: Spelling) -> str:
        said = "; ".join(hint.told(spell) for hint in self.hints)
        return f"{self.plain()} ({said})" if said else self.plain()

    def __str__(self) -> str:
        return self.told(field_words)


class ModelError(NetcfgError, ValueError):
    """A model object was built with a value it cannot hold (bad CIDR, both placements, ...).

    ``field`` names the field the value was for, and ``value`` is the value, when one value is to
    blame (a reader then points at the line where that value is written)."""

    field: str | None = None
    value: object = None


class InputError(NetcfgError):
    """An input file cannot be used: unreadable, not well-formed, not a network configuration.

    Carries where the problem is, so the one line the user sees says file, line and what to do.
    """

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        line: int | None = None,
        column: int | None = None,
        hints: Iterable[Hint] = (),
    ) -> None:
        super().__init__(message, hints=hints)
        self.message = message
        self.file = file
        self.line = line
        self.column = column

    def plain(self) -> str:
        where = self.file or ""
        if where and self.line:
            where = f"{where}:{self.line}"
        return f"{where}: {self.message}" if where else self.message


class InputErrors(InputError):
    """Several problems of one input, each with its line, found in one reading: all are said at once.

    Its message names them all (``line 7: ...; line 12: ...``); :attr:`problems` keeps them apart
    for a report that gives each its own finding.
    """

    def __init__(self, problems: list[tuple[int | None, str]], *, file: str | None = None) -> None:
        first = problems[0]
        joined = "; ".join(f"line {line}: {message}" if line else message for line, message in problems)
        super().__init__(joined if len(problems) > 1 else first[1], file=file, line=None if len(problems) > 1 else first[0])
        self.problems = problems


class ClosedInput(InputError):
    """Standard input was closed when netcfg started, so '-' cannot be read: a usage problem, not a finding."""


class RefusedError(NetcfgError):
    """The input is readable, but the operation would be wrong or lose data, so nothing is written."""


class UsageError(NetcfgError):
    """The command line or its configuration (a settings file, a value given) is wrong: a usage error (exit 2)."""

    def __init__(self, message: str, *, file: str = "", hints: Iterable[Hint] = ()) -> None:
        super().__init__(f"{file}: {message}" if file else message, hints=hints)
        self.message = message
        self.file = file


class OptionError(NetcfgError):
    """A command-line option names something the input does not have, or does not apply to the output asked for.

    A usage problem (exit 2), found below the command line: ``option`` names the option to blame.
    """

    def __init__(self, message: str, *, option: Option) -> None:
        super().__init__(message)
        self.message = message
        self.option = option


class WriteError(NetcfgError):
    """An output could not be written; the message says which, and whether anything changed."""


class Interrupted(NetcfgError):
    """A signal arrived while files were staged; the temporary files are gone, nothing was written.

    The command line ends the process as the signal would have: exit 128 + ``signum``.
    """

    def __init__(self, signum: int, name: str) -> None:
        super().__init__(f"interrupted by {name}; nothing was written")
        self.signum = signum


def expect_path(function: str, value: object) -> str:
    """``value`` as a path for ``function`` of the library, or a :class:`UsageError` saying what it got.

    The front door (``netcfg.__all__``) takes paths as text; an integer would be taken as a file
    descriptor by the layers below (and closed), a list would be read as characters."""
    import os

    if isinstance(value, (str, os.PathLike)) and not isinstance(value, bytes):
        return os.fspath(value)
    raise UsageError(f"{function} takes a path as text, not {type(value).__name__} {value!r:.60}")
