"""Writing files so that nothing is ever half-written."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from kindlead.errors import KindleadError, Mark, Problem


def exists_error(path: Path) -> KindleadError:
    """The refusal to replace an existing file without --force."""
    return KindleadError(Problem("already exists; use --force to replace it", Mark(str(path))))


def write_atomically(path: Path, content: str, *, force: bool, private: bool = False) -> None:
    """Write via a temporary file in the same folder, then publish it in one step.

    An interrupted or failed write (Ctrl-C, a full disk, a read-only folder) leaves
    no partial file and any old file intact. Without `force` an existing file is
    never replaced, even one that appears while we write. A symbolic link is written
    through (the file it points to is replaced, the link stays), and something that
    is not a regular file (``/dev/stdout``, a FIFO) is simply written to.

    A `private` file (drafts, the journal: a leader's notes about people) is 0600
    whatever the umask, and only ever a regular file: a link or anything else in its
    place is refused, not followed.
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
        if path.is_symlink():  # write where the link points, and keep the link
            path = Path(os.path.realpath(path))
    except OSError as e:
        raise KindleadError(Problem(f"cannot write: {e.strerror}", Mark(str(path)))) from None
    import tempfile  # only a run that writes a file needs it (~1.5 ms to import)

    folder = path.parent if str(path.parent) else Path(".")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as e:
        raise KindleadError(Problem(f"cannot write: {e.strerror}", Mark(str(path)))) from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
            f.write(content)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o600 if private else 0o666 & ~_umask())
        if force:
            os.replace(tmp, path)
        else:
            try:
                os.link(tmp, path)  # fails if the file appeared meanwhile: never clobber
            except FileExistsError:
                raise exists_error(path) from None
            except OSError:  # no hard links here (some network drives): best effort
                if path.exists():
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
    try:
        missing = []
        for folder in (path, *path.parents):
            if folder.exists() or folder.is_symlink():
                break
            missing.append(folder)
        for folder in reversed(missing):
            with contextlib.suppress(FileExistsError):  # made by another process meanwhile
                folder.mkdir(mode=0o700)
                os.chmod(folder, 0o700)
        if not path.is_dir():
            raise KindleadError(Problem("is not a folder", Mark(str(path))))
    except OSError as e:
        raise KindleadError(Problem(f"cannot write: {e.strerror}", Mark(str(path)))) from None
    return path
