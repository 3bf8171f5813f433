"""Time a 10,000-person roster import against a plain executemany of the same people.

    .venv/bin/python benchmarks/roster_import.py [--people N] [--repeat 5] [--quick] [--no-xlsx] [--keep DIR]

Generates, seeded, an HR roster in the shape of an export (employee id, first and last name,
work e-mail, job title, department, location, FTE; ten departments; names in several
scripts) as CSV and as XLSX. Then, in one process, each ``--repeat`` times, into a fresh plan
each time:

(a) a plain ``executemany`` through the ``sqlite3`` module of the same people, already in
    memory, into the plan's ``person`` table (the same columns, the ten functions inserted
    first, one transaction, the plan's own pragmas: foreign keys on, synchronous FULL, WAL);
(b) ``preview_roster`` + ``import_roster`` of the CSV file: reading, matching the columns,
    checking every row against the plan, then the import in one transaction that is one undo
    step (it checks the rows again only if the plan changed since the preview).

Medians are printed, and (b)/(a); the goal is at most 2. The XLSX file goes through (b) too,
for information: openpyxl reading a workbook is much slower than reading a CSV file.
"""

from __future__ import annotations

import argparse
import csv
import gc
import io
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from random import Random

from figures import add_figure_option, record

from smarket_planner import services
from smarket_planner.domain import rules
from smarket_planner.services.exchange.roster_files import read_roster_file
from smarket_planner.services.exchange.roster_import import import_roster, preview_roster

HEADINGS = (
    "Employee ID",
    "First name",
    "Last name",
    "Work email",
    "Job title",
    "Department",
    "Location",
    "FTE",
)
DEPARTMENTS = {
    "Engineering": ("Software Engineer", "Senior Software Engineer", "Engineering Manager", "SRE"),
    "Product": ("Product Manager", "Product Designer", "UX Researcher"),
    "Marketing": ("Marketing Manager", "Content Strategist", "Director, Product Marketing"),
    "Sales": ("Account Executive", "Sales Manager", "Sales Development Rep"),
    "Customer Success": ("Customer Success Manager", "Support Engineer"),
    "Finance": ("Controller", "Financial Analyst"),
    "Legal": ("Counsel", "Paralegal"),
    "People": ("HR Business Partner", "Recruiter"),
    "Data & Analytics": ("Data Analyst", "Data Engineer"),
    "Operations": ("Operations Manager", "Office Manager"),
}
FIRST = (
    "Emma",
    "Liam",
    "Olivia",
    "Noah",
    "Zoë",
    "José",
    "François",
    "Łukasz",
    "Ayşe",
    "太郎",
    "雷",
    "عمر",
    "נועה",
)
LAST = ("Smith", "Müller", "Ñúñez", "Dubois", "Wójcik", "Yılmaz", "山田", "李", "الفاروق", "כהן", "Иванова")  # noqa: RUF001
LOCATIONS = ("Berlin, Germany", "London, UK", "New York, NY", "Madrid, Spain", "Tokyo, Japan", "Remote")
FTE = ("1", "1", "1", "1", "0.8", "0.5", "0.6", "80%")
PERSON_COLUMNS = (
    "name", "function_id", "title", "email", "location", "capacity_pct",
    "version", "created_at", "changed_at", "changed_by",
)  # fmt: skip


@dataclass(frozen=True)
class Roster:
    """The generated people: rows as the file holds them, and as the person table holds them."""

    cells: list[tuple[str, ...]]  # under HEADINGS

    def people(self, function_ids: dict[str, int], stamp: str) -> list[tuple[object, ...]]:
        """The person rows a plain insert writes, in PERSON_COLUMNS order."""
        return [
            (
                f"{first} {last}", function_ids[department], title, email.lower(), location,
                float(fte.rstrip("%")) if fte.endswith("%") else float(fte) * 100,
                1, stamp, stamp, "benchmark",
            )
            for _id, first, last, email, title, department, location, fte in self.cells
        ]  # fmt: skip


def make_roster(count: int, seed: int) -> Roster:
    """``count`` people in ten departments, each with every field filled in."""
    rng = Random(seed)
    cells = []
    for number in range(count):
        department = rng.choice(list(DEPARTMENTS))
        first, last = rng.choice(FIRST), rng.choice(LAST)
        cells.append(
            (
                f"E{100_000 + number}", first, last, f"person{number}@northwind.example",
                rng.choice(DEPARTMENTS[department]), department, rng.choice(LOCATIONS), rng.choice(FTE),
            )
        )  # fmt: skip
    return Roster(cells)


def write_csv(roster: Roster, path: Path) -> None:
    """The roster as an HR system's CSV export: UTF-8 with its mark, CRLF."""
    text = io.StringIO(newline="")
    writer = csv.writer(text, lineterminator="\r\n")
    writer.writerow(HEADINGS)
    writer.writerows(roster.cells)
    path.write_bytes(text.getvalue().encode("utf-8-sig"))


def write_xlsx(roster: Roster, path: Path) -> None:
    """The roster as a workbook of one sheet, FTE as numbers where they are."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Employees")
    sheet.append(HEADINGS)
    for *texts, fte in roster.cells:
        sheet.append([*texts, fte if fte.endswith("%") else float(fte)])
    book.save(path)


def fresh_plan(folder: Path, name: str) -> Path:
    """A new, empty plan file, closed; its path."""
    path = folder / f"{name}.smplan"
    for stale in folder.glob(f"{name}.smplan*"):
        stale.unlink()
    services.new_plan(path).close()
    return path


def plain_executemany(plan_path: Path, roster: Roster) -> float:
    """Seconds for a plain sqlite3 insert of the ten functions, then of everyone, in one transaction."""
    stamp = str(datetime.now(UTC).replace(tzinfo=None))
    connection = sqlite3.connect(plan_path, isolation_level=None)
    try:
        connection.execute("PRAGMA foreign_keys=ON")
        connection.execute("PRAGMA synchronous=FULL")
        gc.collect()  # the garbage of the run before is not this run's to collect
        began = time.perf_counter()
        connection.execute("BEGIN")
        function_ids = {}
        for number, name in enumerate(DEPARTMENTS):
            cursor = connection.execute(
                "INSERT INTO function (name, name_key, colour, description, version, created_at, changed_at,"
                " changed_by) VALUES (?, ?, ?, '', 1, ?, ?, 'benchmark')",
                (
                    name,
                    rules.name_key(name),
                    rules.FUNCTION_COLOURS[number % len(rules.FUNCTION_COLOURS)],
                    stamp,
                    stamp,
                ),
            )
            function_ids[name] = cursor.lastrowid or 0
        marks = ", ".join("?" for _ in PERSON_COLUMNS)
        connection.executemany(
            f"INSERT INTO person ({', '.join(PERSON_COLUMNS)}) VALUES ({marks})",
            roster.people(function_ids, stamp),
        )
        connection.execute("COMMIT")
        seconds = time.perf_counter() - began
        (count,) = connection.execute("SELECT count(*) FROM person").fetchone()
        assert count == len(roster.cells), count
    finally:
        connection.close()
    return seconds


@dataclass
class Stages:
    """Seconds of one import: reading the file alone, then preview (reading included) and import."""

    read: float
    preview: float
    imported: float

    @property
    def total(self) -> float:
        """Preview and import together, as a manager waits for them."""
        return self.preview + self.imported


def preview_and_import(plan_path: Path, roster_path: Path, people: int) -> Stages:
    """Seconds for read_roster_file alone, then preview_roster and import_roster into the plan."""
    gc.collect()  # a workbook read before leaves thousands of cells for the collector: not this run's
    began = time.perf_counter()
    read_roster_file(roster_path)
    read = time.perf_counter() - began
    with services.open_existing(plan_path) as plan:
        gc.collect()
        began = time.perf_counter()
        preview = preview_roster(plan, roster_path)
        previewed = time.perf_counter()
        outcome = import_roster(plan, preview)
        done = time.perf_counter()
        assert preview.ok and len(outcome.value.created) == people, preview.summary()
    return Stages(read, previewed - began, done - previewed)


def median_ms(values: list[float]) -> str:
    """The median of some seconds, in milliseconds, with the range beside it."""
    return f"{statistics.median(values) * 1000:8.0f} ms  ({min(values) * 1000:.0f}-{max(values) * 1000:.0f})"


def measure(
    folder: Path, people: int, repeat: int, seed: int, workbook: bool, figures: Path | None = None
) -> None:
    """Write the roster, run (a) and (b) in turn ``repeat`` times, and print the table."""
    roster = make_roster(people, seed)
    csv_path, xlsx_path = folder / "roster.csv", folder / "roster.xlsx"
    write_csv(roster, csv_path)
    write_xlsx(roster, xlsx_path)
    print(
        f"Roster: {people:,} people in {len(DEPARTMENTS)} departments; "
        f"CSV {csv_path.stat().st_size / 2**20:.1f} MB, XLSX {xlsx_path.stat().st_size / 2**20:.1f} MB"
    )
    plain: list[float] = []
    runs: dict[str, list[Stages]] = {"csv": [], "xlsx": []}
    steps: list[tuple[str, Callable[[], None]]] = [
        ("plain", lambda: plain.append(plain_executemany(fresh_plan(folder, "plain"), roster))),
        ("csv", lambda: runs["csv"].append(preview_and_import(fresh_plan(folder, "csv"), csv_path, people))),
    ]
    if workbook:
        steps.append(
            (
                "xlsx",
                lambda: runs["xlsx"].append(
                    preview_and_import(fresh_plan(folder, "xlsx"), xlsx_path, people)
                ),
            )
        )
    for name, step in steps:  # a warm-up of each, not counted
        step()
        (plain if name == "plain" else runs[name]).pop()
    for _ in range(repeat):
        for _name, step in steps:
            step()
    base = statistics.median(plain)
    print(f"Median of {repeat} rounds, each into a fresh plan (range in brackets):")
    print(f"  (a) plain executemany        {median_ms(plain)}")
    for name in ("csv", "xlsx") if workbook else ("csv",):
        stages = runs[name]
        total = [stage.total for stage in stages]
        label = "(b) preview + import, CSV " if name == "csv" else "    preview + import, XLSX"
        print(f"  {label}   {median_ms(total)}   {statistics.median(total) / base:5.2f}x (a)")
        print(f"        reading the file alone {median_ms([stage.read for stage in stages])}")
        print(f"        preview (reading incl.) {median_ms([stage.preview for stage in stages])}")
        print(f"        import                 {median_ms([stage.imported for stage in stages])}")
    totals = [stage.total for stage in runs["csv"]]
    rounds = [b / a for a, b in zip(plain, totals, strict=True)]  # (a) and (b) ran one after the other
    print(
        f"  (b)/(a), CSV: of the medians {statistics.median(totals) / base:.2f}x, of the fastest runs "
        f"{min(totals) / min(plain):.2f}x, median of the rounds' own {statistics.median(rounds):.2f}x "
        "(goal: at most 2x)"
    )
    size = f"{people:,} people; median of {repeat}"
    name = "roster import (CSV): preview + import vs executemany"
    record(figures, name, statistics.median(totals), base, goal=2.0, note=size)
    if workbook:
        name = "roster import (XLSX): preview + import vs executemany"
        xlsx = statistics.median(stage.total for stage in runs["xlsx"])
        record(figures, name, xlsx, base, note=f"{size}; for information (openpyxl reading the workbook)")


def main() -> int:
    """Generate the roster in a temporary folder (or the one given) and time it."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--quick", action="store_true", help="1,000 people, 3 runs: a check that it works")
    parser.add_argument("--keep", type=Path, help="write the roster files and plans here instead")
    parser.add_argument(
        "--no-xlsx", action="store_true", help="leave out the workbook (for information only)"
    )
    add_figure_option(parser)
    args = parser.parse_args()
    people, repeat = (1_000, 3) if args.quick else (args.people, args.repeat)
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        measure(args.keep, people, repeat, args.seed, not args.no_xlsx, args.figures)
        return 0
    with tempfile.TemporaryDirectory() as folder:
        measure(Path(folder), people, repeat, args.seed, not args.no_xlsx, args.figures)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
