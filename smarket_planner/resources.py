"""Find the files shipped in ``resources/``: in a source checkout, a wheel or a bundle."""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


@cache
def resource_root() -> Path:
    """The folder holding icons, fonts, templates and demo data."""
    candidates = [
        _PACKAGE / "_resources",  # installed wheel: resources/ is shipped inside the package
        _PACKAGE.parent / "resources",  # source checkout or editable install
    ]
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        candidates.insert(0, Path(bundle) / "resources")
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("The program's resources folder is missing; reinstall smarket_planner.")


def resource(*parts: str) -> Path:
    """The path of one shipped file, e.g. ``resource("demo", "people.json")``."""
    path = resource_root().joinpath(*parts)
    if not path.exists():
        raise FileNotFoundError(f"The program's resource {'/'.join(parts)} is missing.")
    return path
