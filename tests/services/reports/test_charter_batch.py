"""Charters of many task forces at once: safe, unique file names; one sound PDF each; cancel; no harm done."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from smarket_planner import services
from smarket_planner.demo.northwind import generate_demo
from smarket_planner.domain import DomainError, EntityKind
from smarket_planner.services import Plan
from smarket_planner.services.reports.charter_batch import (
    NAME_LIMIT,
    all_task_force_ids,
    export_charters,
    safe_file_name,
    unique_file_names,
)
from tests.charter.conftest import TODAY, flat, pdf_text, qpdf_clean, team_names
from tests.services.plan_copies import Copies

FORBIDDEN = set('/\\:*?"<>|') | {chr(code) for code in range(32)} | {"\x7f"}
RESERVED = {
    "CON",
    "PRN",
    "AUX",
    "NUL",
    *(f"COM{n}" for n in range(1, 10)),
    *(f"LPT{n}" for n in range(1, 10)),
}


def assert_safe(name: str) -> None:
    """A file name any common disk takes: no separator or forbidden character, no '..', not hidden."""
    assert name and name == name.strip() and len(name) <= NAME_LIMIT, repr(name)
    assert not FORBIDDEN & set(name), repr(name)
    assert ".." not in name and not name.startswith(".") and not name.endswith("."), repr(name)
    assert name.split(".")[0].upper() not in RESERVED, repr(name)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Pulse 3.0 Launch", "Pulse 3.0 Launch"),
        ("Sales/Marketing", "Sales-Marketing"),
        ("Sales\\Marketing", "Sales-Marketing"),
        ("../../etc/passwd", "etc-passwd"),
        ("Q1: EMEA", "Q1- EMEA"),
        ('What? "Now" <here> | *there*', "What- -Now- -here- - -there"),
        ("Tab\there\nnewline\x00nul\x1bescape", "Tab here newline nul escape"),
        (".hidden", "hidden"),
        ("...dots", "dots"),
        ("trailing dots...", "trailing dots"),
        ("Zoë 李雷 عمر", "Zoë 李雷 عمر"),
    ],
)
def test_safe_file_name(name: str, expected: str) -> None:
    made = safe_file_name(name, "Task force 7")
    assert made == expected
    assert_safe(made)


@pytest.mark.parametrize("name", ["CON", "con", "Con.txt", "NUL", "com1", "LPT9", "  aux  "])
def test_windows_reserved_names_get_the_fallback_in_front(name: str) -> None:
    made = safe_file_name(name, "Task force 7")
    assert made.startswith("Task force 7 ")
    assert_safe(made)


@pytest.mark.parametrize("name", ["", "   ", "\t\n", "..", "/", "\\\\", "...", "\x00\x01", "-.-"])
def test_names_with_nothing_left_get_the_fallback(name: str) -> None:
    assert safe_file_name(name, "Task force 7") == "Task force 7"


@pytest.mark.parametrize("name", ["x" * 500, "word " * 100, "a/" * 200, "Zoë " * 60, "李" * 120])
def test_very_long_names_are_cut_to_the_limit(name: str) -> None:
    made = safe_file_name(name, "Task force 7")
    assert 0 < len(made) <= NAME_LIMIT == 80
    assert_safe(made)


def test_a_long_name_in_a_wide_script_still_fits_a_disk() -> None:
    made = safe_file_name("😀" * 120, "Task force 7")
    assert len((made + " (99).pdf").encode()) <= 255


def test_unique_file_names_number_duplicates_and_names_differing_only_in_case() -> None:
    names = [
        (1, "Launch"),
        (2, "launch"),
        (3, "LAUNCH"),
        (4, "Launch"),
        (5, "Pursuit"),
        (6, "a/b"),
        (7, "a:b"),
    ]

    chosen = unique_file_names(names)

    assert chosen == {
        1: "Launch.pdf",
        2: "launch (2).pdf",
        3: "LAUNCH (3).pdf",
        4: "Launch (4).pdf",
        5: "Pursuit.pdf",
        6: "a-b.pdf",
        7: "a-b (2).pdf",
    }
    assert len({name.casefold() for name in chosen.values()}) == len(names)


def test_unique_file_names_stay_unique_when_a_name_looks_numbered_already() -> None:
    chosen = unique_file_names([(1, "Launch"), (2, "Launch (2)"), (3, "Launch"), (4, ""), (5, "  ")])
    assert len({name.casefold() for name in chosen.values()}) == 5
    assert chosen[4] == "Task force 4.pdf" and chosen[5] == "Task force 5.pdf"


# --- writing the charters ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.smplan"
    generate_demo(path, today=TODAY)
    return path


@pytest.fixture
def demo(copies: Copies) -> Plan:
    """The demo plan on the back-end under test (the charters only read it)."""
    return copies.demo(TODAY, shared=True)


def assert_charters(folder: Path, written: tuple[Path, ...], names: dict[int, str], ids: list[int]) -> None:
    """Every file in the folder is one of those written, a sound PDF of the task force it is named after
    (numbered in the order the task forces were asked for)."""
    files = unique_file_names([(ident, names[ident]) for ident in ids])
    by_file = {folder / file: names[ident] for ident, file in files.items()}
    assert sorted(folder.iterdir()) == sorted(written), "stray or missing files (a temporary one left?)"
    for path in written:
        qpdf_clean(path)
        text = flat(pdf_text(path))
        assert by_file[path] in text and "Page 1 of" in text


@pytest.mark.parametrize("processes", [1, 2])
def test_every_charter_is_written_once_and_reported(demo: Plan, tmp_path: Path, processes: int) -> None:
    ids = all_task_force_ids(demo)
    names = team_names(demo)
    assert sorted(ids) == sorted(names) and len(ids) >= 5
    seen: list[tuple[int, int, str]] = []

    def progress(done: int, total: int, name: str) -> bool:
        seen.append((done, total, name))
        return True

    result = export_charters(demo, ids, tmp_path / "out", today=TODAY, processes=processes, progress=progress)

    assert not result.failed and not result.cancelled
    assert len(result.written) == len(ids)
    assert_charters(tmp_path / "out", result.written, names, ids)
    assert [done for done, _, _ in seen] == list(range(1, len(ids) + 1))
    assert {total for _, total, _ in seen} == {len(ids)}
    assert sorted(name for _, _, name in seen) == sorted(names.values())


@pytest.mark.parametrize("processes", [1, 2])
def test_returning_false_from_progress_cancels(demo: Plan, tmp_path: Path, processes: int) -> None:
    ids = all_task_force_ids(demo)
    calls: list[str] = []

    def stop_after_first(done: int, total: int, name: str) -> bool:
        calls.append(name)
        return False

    result = export_charters(
        demo, ids, tmp_path / "out", today=TODAY, processes=processes, progress=stop_after_first
    )

    assert result.cancelled and not result.failed
    assert len(calls) == 1
    assert 1 <= len(result.written) < len(ids)
    assert_charters(tmp_path / "out", result.written, team_names(demo), ids)


def test_a_file_where_the_folder_should_be_is_refused(demo: Plan, tmp_path: Path) -> None:
    taken = tmp_path / "charters"
    taken.write_bytes(b"not a folder")

    with pytest.raises(DomainError):
        export_charters(demo, all_task_force_ids(demo), taken, today=TODAY, processes=1)

    assert taken.read_bytes() == b"not a folder"


def test_a_missing_folder_is_made(demo: Plan, tmp_path: Path) -> None:
    folder = tmp_path / "new" / "deeper"
    result = export_charters(demo, all_task_force_ids(demo)[:1], folder, today=TODAY, processes=1)
    assert [path.parent for path in result.written] == [folder]


@pytest.mark.parametrize("processes", [1, 2])
def test_the_plan_file_is_not_touched(demo_file: Path, tmp_path: Path, processes: int) -> None:
    copy = tmp_path / "plan.smplan"
    copy.write_bytes(demo_file.read_bytes())
    before = hashlib.sha256(copy.read_bytes()).hexdigest()

    with services.open_existing(copy) as plan:
        result = export_charters(
            plan, all_task_force_ids(plan), tmp_path / "out", today=TODAY, processes=processes
        )

    assert len(result.written) >= 5
    assert hashlib.sha256(copy.read_bytes()).hexdigest() == before
    assert sorted(path.name for path in tmp_path.iterdir()) == ["out", "plan.smplan"]


def test_names_that_clash_on_disk_get_numbered_files(plan: Plan, tmp_path: Path) -> None:
    # Task force names are unique in any case; these differ only in what a disk cannot hold.
    for name in ("Launch", "launch.", "LAUNCH?", "Sales/Marketing", "Sales:Marketing", "CON"):
        services.create(plan, EntityKind.TASK_FORCE, name=name, kind="other", status="proposed")

    ids = all_task_force_ids(plan)
    result = export_charters(plan, ids, tmp_path / "out", today=TODAY, processes=1)

    assert not result.failed
    files = sorted(path.name.casefold() for path in result.written)
    assert len(set(files)) == 6 and "launch (2).pdf" in files and "launch (3).pdf" in files
    assert_charters(tmp_path / "out", result.written, team_names(plan), ids)
    for path in result.written:
        assert_safe(path.stem)
