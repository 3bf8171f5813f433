"""Open, create and check plan files (one SQLite file each) or plan databases (a URL)."""

from __future__ import annotations

import os
import secrets
import sqlite3
import struct
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from urllib.parse import quote

from smarket_planner.domain.errors import (
    DamagedPlanError,
    NotAPlanError,
    PlanExistsError,
    PlanFileError,
    PlanInUseError,
    PlanNotFoundError,
    PlanTooNewError,
)
from smarket_planner.storage.migrate import head_revision, known_revisions

SUFFIX = ".smplan"
# Written into the SQLite header so that another program's database is told apart at once.
APPLICATION_ID = 0x534D504C  # "SMPL"
_SQLITE_MAGIC = b"SQLite format 3\x00"


@dataclass(frozen=True, slots=True)
class PlanFileFacts:
    """What a look at a plan file found, before anything was opened for writing."""

    path: Path
    revision: str
    read_only: bool

    @property
    def needs_upgrade(self) -> bool:
        """Whether the plan was written at an older schema revision."""
        return self.revision != head_revision()


def is_url(target: str | os.PathLike[str]) -> bool:
    """Whether a plan is named by a database URL rather than a file path."""
    return isinstance(target, str) and "://" in target


def sqlite_uri(path: Path, mode: str) -> str:
    """A SQLite URI for ``path``: ro, rw (never creates) or rwc."""
    return f"file:{quote(str(path.resolve()))}?mode={mode}"


def is_read_only(path: Path) -> bool:
    """Whether the plan should open read-only: the file, or its folder, may not be written."""
    # Root may write anything, so the file's own permission bits decide too.
    no_write_bits = path.stat().st_mode & 0o222 == 0
    return no_write_bits or not os.access(path, os.W_OK) or not os.access(path.parent, os.W_OK)


def inspect_plan_file(path: Path) -> PlanFileFacts:
    """Check that ``path`` is a usable plan without changing a byte of it."""
    if not path.exists():
        raise PlanNotFoundError(f"There is no plan at {path}.")
    if path.is_dir():
        raise NotAPlanError(f"{path} is a folder, not a plan file.")
    try:
        with path.open("rb") as handle:
            header = handle.read(100)
        size = path.stat().st_size
    except OSError as error:
        raise PlanFileError(f"{path} cannot be read: {error.strerror}.") from None
    if size == 0:
        raise NotAPlanError(f"{path} is empty: it is not a smarket_planner plan.")
    if not header.startswith(_SQLITE_MAGIC):
        raise NotAPlanError(f"{path} is not a smarket_planner plan (it is not a plan database).")
    if len(header) < 100:
        raise DamagedPlanError(f"{path} is damaged: it was cut short. Open a backup copy instead.")
    page_size, page_count = _page_geometry(header)
    if size < page_size * page_count:
        raise DamagedPlanError(
            f"{path} is damaged: it is shorter than its contents say (cut short while "
            "copying or saving?). Open a backup copy instead."
        )
    (application_id,) = struct.unpack(">I", header[68:72])
    if application_id != APPLICATION_ID:
        raise NotAPlanError(f"{path} is a database of another program, not a smarket_planner plan.")
    revision = _read_revision(path)
    if revision not in known_revisions():
        raise PlanTooNewError(
            f"{path} was written by a newer smarket_planner (schema {revision}); "
            f"this version reads schema {head_revision()} and older. Update smarket_planner "
            "to open it."
        )
    return PlanFileFacts(path, revision, is_read_only(path))


def _page_geometry(header: bytes) -> tuple[int, int]:
    (page_size,) = struct.unpack(">H", header[16:18])
    page_size = 65536 if page_size == 1 else page_size
    (page_count,) = struct.unpack(">I", header[28:32])
    return page_size, page_count


def read_uri(path: Path) -> str:
    """A SQLite URI that reads ``path`` without writing a byte beside it.

    A WAL plan opened "ro" would leave -wal and -shm files behind; with no -wal file,
    nothing is writing and the file alone is the whole plan, so it is read as immutable.
    """
    return sqlite_uri(path, "ro") + ("" if Path(f"{path}-wal").exists() else "&immutable=1")


def _read_revision(path: Path) -> str:
    uri = read_uri(path)
    try:
        connection = sqlite3.connect(uri, uri=True)
    except sqlite3.Error as error:
        raise DamagedPlanError(f"{path} cannot be opened: {error}.") from None
    try:
        rows = connection.execute("SELECT version_num FROM alembic_version").fetchall()
    except sqlite3.DatabaseError as error:
        if "locked" in str(error) or "busy" in str(error):
            raise plan_in_use(str(path)) from None
        if "no such table" in str(error):
            raise DamagedPlanError(f"{path} is damaged: it has no schema revision.") from None
        raise DamagedPlanError(f"{path} is damaged and cannot be read ({error}).") from None
    finally:
        connection.close()
    if len(rows) != 1:
        raise DamagedPlanError(f"{path} is damaged: its schema revision is unclear.")
    return str(rows[0][0])


def plan_in_use(location: str) -> PlanInUseError:
    """The plan is held locked by another window or program: say so, by what where the system tells,
    and that nothing is wrong with the file."""
    path = Path(location)
    pid, program = _holder(path) if path.is_file() else (0, "")
    plan = "The plan" if location in ("", "The plan") else f"The plan {location}"
    if pid == os.getpid():
        said = f"{plan} is busy in another window of this program"
    elif pid:
        said = f"{plan} is in use by another program ({program or 'process'} {pid})"
    else:
        said = f"{plan} is busy elsewhere (in another window or program)"
    return PlanInUseError(f"{said}; nothing is wrong with the file. Try again in a moment.")


def _holder(path: Path) -> tuple[int, str]:
    """The process that holds a lock on the file and its program's name, as Linux tells them
    (/proc/locks); (0, "") where the system does not tell."""
    try:
        facts = path.stat()
        locks = Path("/proc/locks").read_text(encoding="ascii", errors="replace").splitlines()
    except OSError:
        return 0, ""
    device = f"{os.major(facts.st_dev):02x}:{os.minor(facts.st_dev):02x}:{facts.st_ino}"  # as Linux has it
    holders = []
    for line in locks:
        fields = line.split()
        # "1: POSIX  ADVISORY  WRITE 1234 08:01:123456 0 EOF"; a waiter's line has "->" in it
        if len(fields) >= 6 and "->" not in fields and fields[5] == device and fields[4].isdigit():
            holders.append(int(fields[4]))
    others = [pid for pid in holders if pid != os.getpid()]
    if not others:
        return (os.getpid(), "") if holders else (0, "")
    try:
        program = Path(f"/proc/{others[0]}/comm").read_text(encoding="utf-8", errors="replace").strip()
    except OSError:
        program = ""
    return others[0], f"{program}, process" if program else ""


def backup_path(path: Path, now: datetime | None = None) -> Path:
    """A new, unused name beside ``path`` for a timestamped backup copy."""
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    candidate = path.with_name(f"{path.stem}.backup-{stamp}{SUFFIX}")
    number = 2
    while candidate.exists():
        candidate = path.with_name(f"{path.stem}.backup-{stamp}-{number}{SUFFIX}")
        number += 1
    return candidate


def back_up(path: Path) -> Path:
    """Copy the plan, consistently even mid-WAL, to a timestamped file beside it."""
    target = backup_path(path)
    os.close(os.open(target, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
    copy_consistently(path, target)
    return target


def copy_plan_file(path: Path, target: Path, *, force: bool = False) -> Path:
    """A consistent copy of an open plan under another name (Save a Copy As)."""
    if target.resolve() == path.resolve():
        raise PlanFileError(f"{target} is the plan itself; choose another name for the copy.")
    check_new_target(target, force=force)
    draft = start_draft(target)
    try:
        copy_consistently(path, draft)
        put_in_place(draft, target, force=force)
    except BaseException:
        discard(draft)
        raise
    return target


def copy_consistently(path: Path, target: Path) -> None:
    """Copy a plan file, consistently even mid-WAL, into ``target`` (reading writes nothing beside it)."""
    source = sqlite3.connect(read_uri(path), uri=True)
    copy = sqlite3.connect(target)
    try:
        with copy:
            source.backup(copy)
    finally:
        copy.close()
        source.close()


def check_new_target(path: Path, *, force: bool = False) -> None:
    """Refuse a place where a new plan cannot or may not go."""
    if path.is_dir():
        raise PlanFileError(f"{path} is a folder; give a file name such as {path / 'plan.smplan'}.")
    if path.exists() and not force:
        raise PlanExistsError(f"{path} already exists; choose another name.")
    if not path.parent.is_dir():
        raise PlanFileError(f"The folder {path.parent} does not exist.")


def start_draft(path: Path) -> Path:
    """An empty, private (mode 0600) file beside ``path`` where a new plan is built."""
    draft = path.with_name(f".{path.name}.{os.getpid()}-{secrets.token_hex(4)}.draft")
    try:
        os.close(os.open(draft, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
    except OSError as error:
        raise PlanFileError(f"{path} cannot be created: {error.strerror}.") from None
    return draft


def put_in_place(draft: Path, path: Path, *, force: bool = False) -> None:
    """Move a finished draft to its name at once, so no half-made plan is ever seen there."""
    if force:
        # A stale log of the old plan would be replayed into the new one.
        for leftover in (Path(f"{path}-wal"), Path(f"{path}-shm")):
            leftover.unlink(missing_ok=True)
        os.replace(draft, path)
        return
    try:
        os.link(draft, path)  # fails, rather than replaces, if the name was taken meanwhile
    except FileExistsError:
        raise PlanExistsError(f"{path} already exists; choose another name.") from None
    finally:
        discard(draft)


def discard(draft: Path) -> None:
    """Remove a draft and any log files SQLite left beside it."""
    for leftover in (draft, Path(f"{draft}-wal"), Path(f"{draft}-shm"), Path(f"{draft}-journal")):
        leftover.unlink(missing_ok=True)
