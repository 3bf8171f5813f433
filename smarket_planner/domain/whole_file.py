"""Files written whole or not at all: a half-written file never takes the place of a good one."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def whole_file(path: Path, suffix: str = "") -> Iterator[Path]:
    """A draft beside ``path`` to write; it takes the name when the block ends well, else it goes."""
    path = Path(path)
    handle, name = tempfile.mkstemp(
        prefix=f".{path.stem[:40]}-", suffix=suffix or path.suffix, dir=path.parent
    )
    os.close(handle)
    draft = Path(name)
    try:
        yield draft
        draft.chmod(0o644)
        os.replace(draft, path)
    finally:
        draft.unlink(missing_ok=True)
