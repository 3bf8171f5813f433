"""Write many charters at once, on several processes, into a folder with safe, unique file names."""

from __future__ import annotations

import multiprocessing
import os
import re
import sys
import unicodedata
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, BrokenExecutor, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass
from datetime import date
from multiprocessing import forkserver
from pathlib import Path

from sqlalchemy import select

from smarket_planner.charter.model import CharterOptions
from smarket_planner.domain.errors import DomainError
from smarket_planner.services.actions.plan import Plan, open_existing
from smarket_planner.services.reports.charter import write_task_force_charter
from smarket_planner.storage.base import code_order
from smarket_planner.storage.model import TaskForceRow

# Progress: (charters written, charters in all, the task force just written); False cancels.
Progress = Callable[[int, int, str], bool]
STOPPED = "the process writing charters stopped unexpectedly"
NAME_LIMIT = 80  # characters of a task force's name kept in its file name
NAME_BYTES = 200  # and at most this many bytes of UTF-8 (disks take 255, with room for " (2).pdf")
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]+|\.{2,}')
_RESERVED = {
    "CON",
    "PRN",
    "AUX",
    "NUL",
    *(f"COM{n}" for n in range(1, 10)),
    *(f"LPT{n}" for n in range(1, 10)),
}


@dataclass(frozen=True)
class BatchResult:
    """What a batch wrote, what it could not write and why, and whether it was cancelled."""

    written: tuple[Path, ...]
    failed: tuple[tuple[str, str], ...]  # (task force, the reason in a sentence)
    cancelled: bool = False


def safe_file_name(name: str, fallback: str) -> str:
    """A task force's name made into a file name: no separators, no '..', nothing a disk refuses."""
    text = unicodedata.normalize("NFC", name)
    text = "".join(" " if unicodedata.category(char)[0] in "CZ" else char for char in text)
    text = _UNSAFE.sub("-", text)
    text = re.sub(r"\s+", " ", text).strip(" .-")[:NAME_LIMIT]
    while len(text.encode()) > NAME_BYTES:  # disks count bytes: 80 emoji would be 320
        text = text[:-1]
    text = text.strip(" .-")
    if not text or text.split(".")[0].upper() in _RESERVED:
        text = f"{fallback} {text}".strip()
    return text


def unique_file_names(names: Sequence[tuple[int, str]], suffix: str = ".pdf") -> dict[int, str]:
    """One file name per task force, unique even where names differ only in case or are cut short."""
    taken: set[str] = set()
    chosen: dict[int, str] = {}
    for ident, name in names:
        stem = safe_file_name(name, f"Task force {ident}")
        candidate, number = stem, 2
        while (candidate + suffix).casefold() in taken:
            candidate, number = f"{stem} ({number})", number + 1
        taken.add((candidate + suffix).casefold())
        chosen[ident] = candidate + suffix
    return chosen


def all_task_force_ids(plan: Plan) -> list[int]:
    """Every task force of the plan, in the order the navigator lists them."""
    with plan.store.session() as session:
        return list(
            session.scalars(select(TaskForceRow.id).order_by(code_order(TaskForceRow.name), TaskForceRow.id))
        )


def _names(plan: Plan, ids: Sequence[int]) -> list[tuple[int, str]]:
    """The task forces' names, in the order asked for."""
    with plan.store.session() as session:
        query = select(TaskForceRow.id, TaskForceRow.name).where(TaskForceRow.id.in_(ids))
        found = {ident: name for ident, name in session.execute(query)}
    return [(ident, found[ident]) for ident in ids if ident in found]


_worker_plans: dict[str, Plan] = {}


def _write_one(
    location: str, password: str | None, ident: int, path: str, options: CharterOptions, today: date
) -> str:
    """Write one charter in a worker process, opening the plan once per process (read-only use)."""
    plan = _worker_plans.get(location)
    if plan is None:
        plan = _worker_plans[location] = open_existing(location, upgrade=False, password=password)
    write_task_force_charter(plan, ident, Path(path), options, today=today)
    return path


def _context() -> multiprocessing.context.BaseContext:
    """Fresh worker processes: forked from a clean server on Linux (fast, and safe beside Qt threads)."""
    if sys.platform.startswith("linux"):
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(
            ["smarket_planner.services.reports.charter_batch", "smarket_planner.charter.warm"]
        )
        forkserver.ensure_running()  # started once per session; later batches fork from it at once
        return context
    return multiprocessing.get_context("spawn")


def export_charters(
    plan: Plan,
    task_force_ids: Sequence[int],
    folder: Path,
    options: CharterOptions | None = None,
    *,
    today: date | None = None,
    processes: int | None = None,
    progress: Progress | None = None,
) -> BatchResult:
    """Write the charters of the task forces into ``folder``, on ``processes`` processes (default: CPUs)."""
    options = options or CharterOptions()
    today = today or date.today()
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise DomainError(f"{folder} is a file; charters of several task forces go into a folder.")
    folder.mkdir(parents=True, exist_ok=True)
    named = _names(plan, task_force_ids)
    files = unique_file_names(named)
    titles = dict(named)
    jobs = [(ident, str(folder / files[ident])) for ident, _ in named]
    workers = max(1, min(processes or os.cpu_count() or 1, len(jobs)))
    report = progress or (lambda done, total, name: True)
    written: list[Path] = []
    failed: list[tuple[str, str]] = []
    if workers == 1:
        for ident, path in jobs:
            try:
                written.append(write_task_force_charter(plan, ident, Path(path), options, today=today))
            except (DomainError, OSError) as error:
                failed.append((titles[ident], str(error)))
            if not report(len(written) + len(failed), len(jobs), titles[ident]):
                return BatchResult(tuple(written), tuple(failed), cancelled=True)
        return BatchResult(tuple(written), tuple(failed))
    return _in_parallel(plan, jobs, titles, options, today, workers, report)


def _in_parallel(
    plan: Plan,
    jobs: list[tuple[int, str]],
    titles: dict[int, str],
    options: CharterOptions,
    today: date,
    workers: int,
    report: Progress,
) -> BatchResult:
    """Run the jobs on a pool of worker processes, a few queued ahead, stopping early on cancel."""
    written: list[Path] = []
    failed: list[tuple[str, str]] = []
    pending: dict[Future[str], int] = {}
    queue = list(reversed(jobs))
    with ProcessPoolExecutor(max_workers=workers, mp_context=_context()) as pool:
        while queue or pending:
            while queue and len(pending) < workers * 2:
                ident, path = queue.pop()
                try:
                    pending[
                        pool.submit(
                            _write_one, plan.location, plan.store.password, ident, path, options, today
                        )
                    ] = ident
                except BrokenExecutor:  # the pool lost a worker: the rest cannot be written
                    failed.append((titles[ident], STOPPED))
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                ident = pending.pop(future)
                try:
                    written.append(Path(future.result()))
                except (DomainError, OSError) as error:
                    failed.append((titles[ident], str(error)))
                except BrokenExecutor:  # a worker died (killed, out of memory): say so, go on
                    failed.append((titles[ident], STOPPED))
                if not report(len(written) + len(failed), len(jobs), titles[ident]):
                    for other in pending:
                        other.cancel()
                    finished, _ = wait(pending)  # those already running are let finish whole
                    written += [Path(f.result()) for f in finished if not f.cancelled() and not f.exception()]
                    return BatchResult(tuple(written), tuple(failed), cancelled=True)
    return BatchResult(tuple(written), tuple(failed))
