"""Writing files so that nothing is ever half-written."""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path

from kindlead.errors import KindleadError, Mark, Problem


def exists_error(path: Path) -> KindleadError:
    """The refusal to replace an existing file without --force."""
    return KindleadError(Problem("already exists; use --force to replace it", Mark(str(path))))


def write_atomically(path: Path, content: str, *, force: bool, private: bool = False) -> None:
    """Write via a temporary file in the same folder, then publish it in one step.

    An interrupted or failed write (Ctrl-C, a full disk, a read-only folder) leaves
    no partial file and any old file intact. Without `force` nothing already there is
    replaced: not a file, not a link (even one to nothing), not something that appears
    while we write. With `force` a symbolic link is written through (the file it points
    to is replaced, the link stays). Something that is not a regular file
    (``/dev/stdout``, a FIFO) is simply written to.

    A replaced file keeps its permissions (and its group, where the owner may set it);
    a new one gets the umask's. A `private` file (drafts, the journal: a leader's notes
    about people) is 0600 whatever the umask, and only ever a regular file: a link or
    anything else in its place is refused, not followed.
    """
    if private and (path.is_symlink() or (path.exists() and not path.is_file())):
        raise KindleadError(
            Problem("is not a regular file; kindlead does not follow it", Mark(str(path)))
        )
    try:
        if path.exists() and not path.is_file():  # /dev/stdout, a FIFO, a terminal
            with open(path, "w", encoding="utf-8") as stream:
                stream.write(content)
            return
        if not force and os.path.lexists(path):  # a file, or a link to one or to nothing
            raise exists_error(path)
        if path.is_symlink():  # write where the link points, and keep the link
            path = Path(os.path.realpath(path))
        replaced = os.stat(path) if force and path.is_file() else None
    except OSError as e:
        raise KindleadError(Problem(f"cannot write: {e.strerror}", Mark(str(path)))) from None
    import tempfile  # only a run that writes a file needs it (~1.5 ms to import)

    folder = path.parent if str(path.parent) else Path(".")
    try:
        # a short name: a file name of up to 255 bytes still has room for it
        fd, tmp = tempfile.mkstemp(prefix=".kl-", suffix=".tmp", dir=folder)
    except OSError as e:
        raise KindleadError(Problem(f"cannot write: {e.strerror}", Mark(str(path)))) from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
            if private:
                mode = 0o600
            elif replaced is not None:
                mode = stat.S_IMODE(replaced.st_mode) & 0o777
                with contextlib.suppress(OSError):  # only a group its owner is in
                    os.fchown(f.fileno(), -1, replaced.st_gid)
            else:
                mode = 0o666 & ~_umask()
            os.fchmod(f.fileno(), mode)  # after fchown, which may clear bits
            f.write(content)
            f.flush()
            os.fsync(f.fileno())
        if force:
            os.replace(tmp, path)
        else:
            try:
                os.link(tmp, path)  # fails if anything appeared meanwhile: never clobber
            except FileExistsError:
                raise exists_error(path) from None
            except OSError:  # no hard links here (some network drives): best effort
                if os.path.lexists(path):
                    raise exists_error(path) from None
                os.replace(tmp, path)
    except OSError as e:
        raise KindleadError(Problem(f"cannot write: {e.strerror}", Mark(str(path)))) from None
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def private_folder(path: Path) -> Path:
    """`path` as a folder, each folder made for it readable by its owner alone (0700
    whatever the umask). A folder that already exists is left as it is: it may be a
    notes vault the user chose. Raises `KindleadError` when it cannot be a folder."""
    return make_folder(path, 0o700)


def make_folder(path: Path, mode: int) -> Path:
    """`path` as a folder, each folder made for it with exactly `mode`, whatever the
    umask; folders that exist are left as they are. Raises `KindleadError` when it
    cannot be a folder."""
    try:
        missing = []
        for folder in (path, *path.parents):
            if folder.exists() or folder.is_symlink():
                break
            missing.append(folder)
        for folder in reversed(missing):
            with contextlib.suppress(FileExistsError):  # made by another process meanwhile
                folder.mkdir(mode=mode)
                os.chmod(folder, mode)
        if not path.is_dir():
            raise KindleadError(Problem("is not a folder", Mark(str(path))))
    except OSError as e:
        raise KindleadError(Problem(f"cannot write: {e.strerror}", Mark(str(path)))) from None
    return path
