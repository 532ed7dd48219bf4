"""Standard output, the way every command writes its results: as bytes, a closed or full output an error.

Apart from :mod:`netcfg.io.writing` (files: atomic, locked, all or nothing) because nearly every
run writes only here, and should not pay for loading what writing files needs.
"""

from __future__ import annotations

import sys

from netcfg.errors import Hint, Option, WriteError


def write_stdout(data: bytes) -> None:
    """``data`` to standard output, as bytes; a closed or full output is a :class:`WriteError`."""
    stream = sys.stdout
    if stream is None:
        raise WriteError("standard output is closed", hints=(Hint("write to a file", Option.OUTPUT, ("FILE",)),))
    try:
        stream.flush()
        # A write interrupted by a signal (SIGPIPE when the reader goes away mid-write) returns the
        # part it wrote; the rest is written again, so that a reader gone is an error, not a cut-off
        # output with exit 0.
        rest = memoryview(data)
        while rest:
            written = stream.buffer.write(rest)
            if not written:
                raise WriteError("cannot write to standard output: it takes nothing more")
            rest = rest[written:]
        stream.buffer.flush()
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise WriteError(f"cannot write to standard output: {exc.strerror or exc}") from None
