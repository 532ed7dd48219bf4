"""The one way netcfg writes: nothing half-written, nothing lost, nothing replaced that should be written through.

* A **regular file** is written whole to a hidden temporary file beside it, flushed to disk, and
  renamed over the target (a rename within one directory is atomic). It keeps the mode, owner
  and group of the file it replaces; a new file gets ``mode`` less the umask.
* **Several files** are all or nothing: every one is staged first; then each target is replaced
  in turn, the previous one kept under a hidden name; if any replacement fails, those already
  replaced are put back, so the folder is as it was.
* A target that exists and is **not a regular file** (a character device such as ``/dev/null``, a
  FIFO, a socket, ``/dev/stdout``, ``/dev/fd/N``) is written *through*, never renamed over; a
  block device or a directory is refused. A **symbolic link** is followed: the file it names is
  written, the link stays. A link to nowhere is refused, as the file or as a folder on its way:
  netcfg never creates what a dangling link points at.
* A **backup** (``FILE.bak``) is netcfg's own file: it is replaced, never written through, and
  refused if it is anything but a regular file (a link planted there would otherwise receive
  the old configuration wherever it points).
* **One overwrite policy**: an existing file is replaced only with ``force``, and so is a file
  the same run reads (``runbook t.toml -o t.toml``). Writing through a special file replaces
  nothing, so it needs no ``force``.
* An **in-place edit** (:func:`edit_in_place`) holds an exclusive lock on the file from reading
  to renaming, re-reads it if another process replaced it meanwhile, and refuses if anything
  else changed it: two edits at once apply one after the other, never one over the other.
* **Signals**: SIGTERM, SIGHUP and SIGINT while files are staged remove the temporary files;
  the renames themselves run with those signals held, so a signal never leaves half a set.

Every failure is a :class:`WriteError` that names the target (never the temporary file), says
what to do, and says "nothing was written" only when that is true.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import re
import secrets
import signal
import socket
import stat
import tempfile
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from netcfg.errors import Hint, Interrupted, Option, UsageError, WriteError
from netcfg.values import Value

NEW_FILE_MODE = 0o666  # less the umask, as any program's new files
_HELD = (signal.SIGTERM, signal.SIGHUP, signal.SIGINT)
_FD_PATH = re.compile(r"^/(?:dev/fd|proc/self/fd)/(\d+)$")
_STANDARD = {"/dev/stdout": 1, "/dev/stderr": 2}


@dataclass(frozen=True, eq=False, repr=False)
class _Target(Value):
    """Where one output goes: the path named, the file really written, and how."""

    named: str
    real: str
    how: str  # "new", "replace" (a regular file), "through" (a special file), "fd" (a descriptor)
    existing: os.stat_result | None = None
    fd: int | None = None


def _describe(mode: int) -> str:
    kinds = ((stat.S_ISDIR, "a directory"), (stat.S_ISBLK, "a block device"))
    return next((what for test, what in kinds if test(mode)), "not a regular file")


def _dangling_folder(path: str) -> str | None:
    """The folder on the way to ``path`` that is a link to nowhere, if one is (a new file would create its target)."""
    folder = os.path.dirname(os.path.abspath(path))
    while folder != os.path.dirname(folder):
        if os.path.islink(folder) and not os.path.exists(folder):
            return folder
        if os.path.exists(folder):
            return None
        folder = os.path.dirname(folder)
    return None


def _plan_backup(path: str) -> _Target:
    """How a backup is written: replaced if it is a regular file, created if absent, refused otherwise."""
    try:
        found = os.lstat(path)
    except FileNotFoundError:
        return _plan(path)
    except OSError as exc:
        raise WriteError(f"cannot write the backup {path}: {exc.strerror}; nothing was written") from None
    if stat.S_ISREG(found.st_mode):
        return _Target(path, os.path.abspath(path), "replace", found)
    what = "a symbolic link" if stat.S_ISLNK(found.st_mode) else _describe(found.st_mode)
    raise WriteError(
        f"the backup {path} is {what}, not a file netcfg wrote; netcfg will not write the previous"
        " configuration through it: remove it, or keep no backup; nothing was written",
        hints=(Hint("to keep none", Option.BACKUP),),
    )


def _plan(path: str) -> _Target:
    """How ``path`` is to be written, refusing what must not be written at all."""
    if path in _STANDARD:
        return _Target(path, path, "fd", fd=_STANDARD[path])
    fd_path = _FD_PATH.match(path)
    if fd_path:
        return _Target(path, path, "fd", fd=int(fd_path.group(1)))
    real = os.path.realpath(path)
    try:
        found = os.stat(real)
    except FileNotFoundError:
        if os.path.islink(path):
            raise WriteError(
                f"{path} is a symbolic link to {real}, which does not exist; remove the link or"
                " choose another output; nothing was written"
            ) from None
        dangling = _dangling_folder(path)
        if dangling is not None:
            raise WriteError(
                f"{dangling} is a symbolic link to {os.path.realpath(dangling)}, which does not exist;"
                " remove the link or choose another folder; nothing was written"
            ) from None
        return _Target(path, real, "new")
    except OSError as exc:
        raise WriteError(f"cannot write {path}: {exc.strerror}; nothing was written") from None
    if stat.S_ISREG(found.st_mode):
        return _Target(path, real, "replace", found)
    if stat.S_ISDIR(found.st_mode) or stat.S_ISBLK(found.st_mode):
        raise WriteError(f"{path} is {_describe(found.st_mode)}; choose a file to write; nothing was written")
    return _Target(path, real, "through", found)


def _check_policy(targets: Sequence[_Target], *, force: bool, inputs: Sequence[str]) -> None:
    read = [os.stat(p) for p in inputs if p != "-" and os.path.exists(p)]
    for target in targets:
        if target.how != "replace" or target.existing is None:
            continue
        same = next(
            (inputs[i] for i, s in enumerate(read) if (s.st_dev, s.st_ino) == (target.existing.st_dev, target.existing.st_ino)),
            None,
        )
        if same is not None and not force:
            raise WriteError(
                f"{target.named} is an input of this command ({same}); writing it would replace what was"
                " read; choose another output; nothing was written",
                hints=(Hint("or replace it all the same", Option.FORCE),),
            )
        if not force:
            raise WriteError(f"{target.named} already exists; nothing was written", hints=(Hint("to replace it", Option.FORCE),))


@contextlib.contextmanager
def _signals_raise() -> Iterator[None]:
    """While staging: the signals that end a process raise :class:`Interrupted`, so cleanup runs."""

    def handler(signum: int, frame: Any) -> None:
        raise Interrupted(signum, signal.Signals(signum).name)

    previous = {}
    try:
        for signum in _HELD:
            with contextlib.suppress(ValueError):  # not the main thread: leave the handlers alone
                previous[signum] = signal.signal(signum, handler)
        yield
    finally:
        for signum, old in previous.items():
            signal.signal(signum, old)


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """While renaming: the signals wait until the set of files is whole again."""
    old = signal.pthread_sigmask(signal.SIG_BLOCK, _HELD)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


def _stage(target: _Target, data: bytes, mode: int, private: bool, staged: list[tuple[_Target, str]]) -> None:
    """Write ``data`` to a temporary file beside the target, with the target's mode and owner, and
    add it to ``staged`` at once, so that whatever stops the write also removes it.

    A ``private`` file (a key) is its writer's alone, whatever it replaces: 0600 before any byte.
    """
    directory = os.path.dirname(target.real) or "."
    os.makedirs(directory, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{os.path.basename(target.real)}.", suffix=".tmp", dir=directory)
    staged.append((target, temporary))
    try:
        if private:
            os.fchmod(handle, 0o600)
        elif target.existing is not None:
            os.fchmod(handle, stat.S_IMODE(target.existing.st_mode))
            if (target.existing.st_uid, target.existing.st_gid) != (os.geteuid(), os.getegid()):
                os.fchown(handle, target.existing.st_uid, target.existing.st_gid)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.fchmod(handle, mode & ~umask)
        view = memoryview(data)
        while view:
            view = view[os.write(handle, view) :]
        os.fsync(handle)
    finally:
        os.close(handle)


def _keep(target: _Target) -> str:
    """A hidden second name for the file about to be replaced, so it can be put back."""
    directory = os.path.dirname(target.real) or "."
    while True:
        kept = os.path.join(directory, f".{os.path.basename(target.real)}.{secrets.token_hex(4)}.old")
        try:
            os.link(target.real, kept)
            return kept
        except FileExistsError:
            continue
        except OSError:  # a file system without hard links, or an immutable file: keep a copy instead
            with open(target.real, "rb") as source, open(kept, "xb") as copy:
                copy.write(source.read())
            return kept


def _fsync_directory(path: str) -> None:
    with contextlib.suppress(OSError):
        handle = os.open(os.path.dirname(path) or ".", os.O_RDONLY)
        try:
            os.fsync(handle)
        finally:
            os.close(handle)


def _write_through(target: _Target, data: bytes) -> None:
    if target.how == "fd":
        assert target.fd is not None
        handle = os.dup(target.fd)
    elif target.existing is not None and stat.S_ISSOCK(target.existing.st_mode):
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as connection:
            connection.connect(target.real)
            connection.sendall(data)
        return
    else:
        try:  # not blocking: a FIFO that nobody reads is an error, not a hang
            handle = os.open(target.real, os.O_WRONLY | os.O_NONBLOCK)
        except OSError as exc:
            if exc.errno == errno.ENXIO:
                exc.strerror = "nobody is reading it; start the reader first"
            raise
        os.set_blocking(handle, True)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(handle, view) :]
    finally:
        os.close(handle)


def _failure(target: _Target, exc: OSError, restored: bool) -> WriteError:
    reason = exc.strerror or str(exc)
    advice = {
        errno.ENOSPC: "free some space",
        errno.EDQUOT: "free some space",
        errno.EACCES: "check the permissions",
        errno.EPERM: "check the permissions and attributes (chattr)",
        errno.EROFS: "write somewhere else",
        errno.EISDIR: "choose a file",
    }.get(exc.errno or 0, "")
    advice = f"; {advice}" if advice else ""
    if target.how in ("through", "fd"):
        what = "what reached it may be incomplete" + ("" if restored else "; other files could not all be put back")
    else:
        what = "nothing was written" if restored else "some files were written and could not all be put back"
    return WriteError(f"cannot write {target.named}: {reason}{advice}; {what}")


def _commit(staged: list[tuple[_Target, str]], through: list[tuple[_Target, bytes]]) -> None:
    """Replace every staged target, then write through the special ones; on any failure put back what changed."""
    replaced: list[tuple[_Target, str | None]] = []  # (target, its kept previous version or None if it was new)
    current = None
    try:
        for current, temporary in staged:
            kept = _keep(current) if current.how == "replace" else None
            try:
                os.replace(temporary, current.real)
            except OSError:
                if kept is not None:
                    os.unlink(kept)
                raise
            replaced.append((current, kept))
        for current, data in through:
            _write_through(current, data)
    except OSError as exc:
        restored = _put_back(replaced, staged)
        assert current is not None
        raise _failure(current, exc, restored) from None
    for target, kept in replaced:
        if kept is not None:
            with contextlib.suppress(OSError):
                os.unlink(kept)
        _fsync_directory(target.real)


def _put_back(replaced: list[tuple[_Target, str | None]], staged: list[tuple[_Target, str]]) -> bool:
    """Undo the replacements made so far; whether that fully worked."""
    whole = True
    for target, kept in reversed(replaced):
        try:
            if kept is not None:
                os.replace(kept, target.real)
            elif os.path.exists(target.real):
                os.unlink(target.real)
        except OSError:
            whole = False
    for _, temporary in staged:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
    return whole


def write_files(
    outputs: Mapping[str, bytes],
    *,
    force: bool = False,
    inputs: Sequence[str] = (),
    mode: int = NEW_FILE_MODE,
    private: bool = False,
    backups: Collection[str] = (),
) -> None:
    """Write every ``path: data`` in ``outputs``, all or nothing (see the module's policy); the paths
    in ``backups`` are backups (replaced only if they are regular files)."""
    if not isinstance(mode, int) or mode & ~0o777:  # setuid, setgid, sticky: never for a network file
        raise UsageError(f"write_files mode is permission bits (0o000 to 0o777), not {mode!r}")
    targets = [_plan_backup(str(path)) if path in backups else _plan(str(path)) for path in outputs]
    _check_policy(targets, force=force, inputs=inputs)
    data = dict(zip((t.named for t in targets), outputs.values()))
    staged: list[tuple[_Target, str]] = []
    try:
        with _signals_raise():
            for target in targets:
                if target.how in ("new", "replace"):
                    try:
                        _stage(target, data[target.named], mode, private, staged)
                    except OSError as exc:
                        raise _failure(target, exc, restored=True) from None
        with _signals_held():
            _commit(staged, [(t, data[t.named]) for t in targets if t.how in ("through", "fd")])
            staged = []
    finally:
        for _, temporary in staged:
            with contextlib.suppress(OSError):
                os.unlink(temporary)


@dataclass(frozen=True, eq=False, repr=False)
class Edited(Value):
    """What :func:`edit_in_place` did: the file written (the link's target, for a link), and its backup."""

    path: str
    changed: bool
    backup: str | None


def _locked(path: str) -> tuple[int, os.stat_result]:
    """An open descriptor of ``path`` holding an exclusive lock, for the file the path names *now*."""
    while True:
        handle = os.open(path, os.O_RDONLY)
        fcntl.flock(handle, fcntl.LOCK_EX)
        held = os.fstat(handle)
        now = os.stat(path)
        if (now.st_dev, now.st_ino) == (held.st_dev, held.st_ino):
            return handle, held
        os.close(handle)  # another edit replaced the file while we waited: lock the new one


def _read_all(handle: int) -> bytes:
    chunks = []
    while chunk := os.read(handle, 1 << 20):
        chunks.append(chunk)
    return b"".join(chunks)


def edit_in_place(path: str, change: Callable[[bytes], bytes], *, backup: bool = True, force: bool = False) -> Edited:
    """Replace the file at ``path`` with ``change(its bytes)``, under an exclusive lock from read to rename.

    A link is followed (the file it names is edited, the link stays); mode, owner and group are
    kept. Refused, leaving every byte as it was: a file with other hard links or no write
    permission for anyone (unless ``force``), and one that something other than netcfg changed
    between reading and renaming. ``FILE.bak`` keeps the previous bytes, and is itself put back
    if the edit fails.
    """
    real = os.path.realpath(path)
    try:
        handle, held = _locked(real)
    except OSError as exc:
        raise WriteError(f"cannot edit {path}: {exc.strerror or exc}; nothing was written") from None
    try:
        if held.st_nlink > 1 and not force:
            raise WriteError(
                f"{path} has {held.st_nlink} hard links; editing it in place would split them (the other"
                " names would keep the old content); nothing was written",
                hints=(Hint("to do so anyway", Option.FORCE), Hint("or write a new file", Option.OUTPUT, ("FILE",))),
            )
        if not held.st_mode & 0o222 and not force:
            raise WriteError(
                f"{path} may not be written by anyone (mode {stat.S_IMODE(held.st_mode):o}); nothing was written",
                hints=(Hint("to edit it anyway", Option.FORCE),),
            )
        before = _read_all(handle)
        after = change(before)
        if after == before:
            return Edited(path=real, changed=False, backup=None)
        now = os.stat(real)
        if (now.st_ino, now.st_size, now.st_mtime_ns) != (held.st_ino, held.st_size, held.st_mtime_ns):
            raise WriteError(f"{path} changed while netcfg was editing it; nothing was written; run the command again")
        outputs = {real + ".bak": before, real: after} if backup else {real: after}
        write_files(outputs, force=True, mode=stat.S_IMODE(held.st_mode), backups={real + ".bak"})
        return Edited(path=real, changed=True, backup=real + ".bak" if backup else None)
    finally:
        os.close(handle)
