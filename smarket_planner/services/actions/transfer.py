"""Moving a plan between a file and a shared database, and bringing an older plan up to date."""

from __future__ import annotations

import os
from pathlib import Path

from smarket_planner.storage import store, transfer
from smarket_planner.storage.plan_file import SUFFIX, is_url
from smarket_planner.storage.server import Upgrade
from smarket_planner.storage.transfer import Copied

__all__ = ["Copied", "Upgrade", "check_new_place", "copy_plan", "upgrade_plan"]


def copy_plan(
    source: str | os.PathLike[str],
    target: str | os.PathLike[str],
    *,
    force: bool = False,
    password: str | None = None,
) -> Copied:
    """Copy a whole plan, every row as it is, from a file into an empty database, or back into a new file."""
    return transfer.copy_plan(source, _with_suffix(target), force=force, password=password)


def check_new_place(
    target: str | os.PathLike[str], *, force: bool = False, password: str | None = None
) -> None:
    """Refuse at once a place where a new plan cannot go: a file there already, a database not empty."""
    transfer.check_new_place(_with_suffix(target), force=force, password=password)


def upgrade_plan(
    target: str | os.PathLike[str],
    *,
    backup: bool = True,
    backup_dir: Path | None = None,
    password: str | None = None,
) -> Upgrade:
    """Bring a plan at an older schema up to date after a backup (only a database may go without one)."""
    return store.upgrade_plan(target, backup=backup, backup_dir=backup_dir, password=password)


def _with_suffix(target: str | os.PathLike[str]) -> str | os.PathLike[str]:
    """A new plan file's name ends in .smplan when none is given, as for a new plan."""
    if is_url(target) or Path(target).suffix:
        return target
    return Path(target).with_suffix(SUFFIX)
