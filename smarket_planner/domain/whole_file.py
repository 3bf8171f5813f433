"""Files written whole or not at all: a half-written file never takes the place of a good one."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def whole_file(path: Path, suffix: str = "") -> Iterator[Path]:
    """A draft beside ``path`` to write; it takes the name when the block ends well, else it goes.

    An error about the draft (a full disk, a folder that is missing or cannot be written to)
    names ``path``, the file the user asked for, never the hidden draft.
    """
    path = Path(path)
    try:
        handle, name = tempfile.mkstemp(
            prefix=f".{path.stem[:40]}-", suffix=suffix or path.suffix, dir=path.parent
        )
    except OSError as error:
        raise _about(error, path) from None
    os.close(handle)
    draft = Path(name)
    try:
        yield draft
        draft.chmod(0o644)
        os.replace(draft, path)
    except OSError as error:
        if str(draft) not in (error.filename, error.filename2) or error.errno is None:
            raise
        raise _about(error, path) from None
    finally:
        draft.unlink(missing_ok=True)


def _about(error: OSError, path: Path) -> OSError:
    """The same error, said of the file asked for."""
    return type(error)(error.errno, error.strerror, str(path))
