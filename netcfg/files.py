"""Writing output files so that a failure never leaves half a file, or half a set of files.

Every file is first written in full to a temporary file beside its target and flushed to
disk; only when all of them are written are they renamed into place (a rename within one
directory is atomic). On any error the temporary files are removed and no target is touched.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path

from netcfg.errors import NetcfgError


class WriteError(NetcfgError):
    """An output file could not be written; nothing was changed."""


def write_atomically(outputs: Mapping[Path, bytes], *, mode: int = 0o644, overwrite: bool = True) -> None:
    """Write every ``path: data`` in ``outputs``, all or nothing.

    ``mode`` is applied to the temporary file before any data is written, so a file meant for
    its owner only (0o600) is never readable by others, not even for a moment.
    """
    if not overwrite:
        existing = [str(p) for p in outputs if p.exists()]
        if existing:
            raise WriteError(f"{existing[0]} already exists; use --force to overwrite it")
    staged: list[tuple[str, Path]] = []
    try:
        for path, data in outputs.items():
            directory = path.parent if str(path.parent) else Path(".")
            directory.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
            staged.append((temporary, path))
            os.fchmod(handle, mode)
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
                stream.flush()
                os.fsync(stream.fileno())
        for temporary, path in staged:
            os.replace(temporary, path)
        staged.clear()
    except OSError as exc:
        target = getattr(exc, "filename", None) or "the output"
        raise WriteError(f"cannot write {target}: {exc.strerror or exc}; nothing was written") from None
    finally:
        for temporary, _ in staged:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
