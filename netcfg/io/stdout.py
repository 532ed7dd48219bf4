"""Standard output, the way every command writes its results: as bytes, a closed or full output an error.

Apart from :mod:`netcfg.io.writing` (files: atomic, locked, all or nothing) because nearly every
run writes only here, and should not pay for loading what writing files needs.
"""

from __future__ import annotations

import sys

from netcfg.errors import WriteError


def write_stdout(data: bytes) -> None:
    """``data`` to standard output, as bytes; a closed or full output is a :class:`WriteError`."""
    stream = sys.stdout
    if stream is None:
        raise WriteError("standard output is closed; write to a file with -o FILE")
    try:
        stream.flush()
        stream.buffer.write(data)
        stream.buffer.flush()
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise WriteError(f"cannot write to standard output: {exc.strerror or exc}") from None
