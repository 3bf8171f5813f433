"""Fixtures and helpers of the charter tests: the demo plan, small plans, and real PDFs read back.

Every check reads a real PDF file with the poppler and qpdf tools, as a reader's viewer would.
"""

from __future__ import annotations

import re
import subprocess
import unicodedata
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any, TypeVar, cast

import pytest

from smarket_planner import services
from smarket_planner.demo.northwind import generate_demo
from smarket_planner.domain.records import RECORD_TYPES, EntityKind, Record, TaskForce
from smarket_planner.services import Plan

K = EntityKind
R = TypeVar("R", bound=Record)
TODAY = date(2026, 11, 23)
A4 = (595, 842)
LETTER = (612, 792)
_PAGE_SIZE = re.compile(r"^Page\s+(\d+) size:\s+([\d.]+) x ([\d.]+) pts", re.MULTILINE)


def _tool(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, capture_output=True, text=True, encoding="utf-8", timeout=120, check=False)


def pdf_text(path: Path, *, first: int | None = None, last: int | None = None) -> str:
    """The text of a PDF as ``pdftotext`` reads it, in reading order (a table cell's lines stay
    together, unlike with -layout); all pages, or those from ``first`` to ``last``."""
    command = ["pdftotext", "-enc", "UTF-8"]
    if first is not None:
        command += ["-f", str(first)]
    if last is not None:
        command += ["-l", str(last)]
    result = _tool(*command, str(path), "-")
    assert result.returncode == 0, f"pdftotext failed on {path}: {result.stderr}"
    return result.stdout


def flat(text: str) -> str:
    """Text with every run of white space (line breaks of wrapped cells too) made one space."""
    return " ".join(text.split())


def qpdf_clean(path: Path) -> None:
    """Assert that ``qpdf --check`` finds the PDF sound: exit 0 and not one warning."""
    result = _tool("qpdf", "--check", str(path))
    output = result.stdout + result.stderr
    assert result.returncode == 0, f"qpdf --check failed on {path}:\n{output}"
    assert "WARNING" not in output.upper(), f"qpdf --check warns about {path}:\n{output}"
    assert "No syntax or stream encoding errors found" in output, output


def page_sizes(path: Path) -> list[tuple[int, int]]:
    """Every page's size in whole points (width, height), as ``pdfinfo`` reports it."""
    result = _tool("pdfinfo", "-f", "1", "-l", "100000", str(path))
    assert result.returncode == 0, f"pdfinfo failed on {path}: {result.stderr}"
    sizes = [
        (int(number), round(float(width)), round(float(height)))
        for number, width, height in _PAGE_SIZE.findall(result.stdout)
    ]
    assert [number for number, _, _ in sizes] == list(range(1, len(sizes) + 1)), result.stdout
    assert sizes, f"pdfinfo lists no pages of {path}"
    return [(width, height) for _, width, height in sizes]


def page_count(path: Path) -> int:
    """How many pages the PDF has."""
    return len(page_sizes(path))


def found(plan: Plan, record: type[R], /, **equals: Any) -> list[R]:
    """Every record of a type whose fields equal the values given (lists match any), via the services."""
    kind = next(kind for kind, kept in RECORD_TYPES.items() if kept is record)
    return cast(list[R], services.find(plan, kind, **equals))


def fetch(plan: Plan, record: type[R], ident: int | None) -> R:
    """One record of a type, read through the services."""
    assert ident is not None
    (one,) = found(plan, record, id=ident)
    return one


def team_names(plan: Plan) -> dict[int, str]:
    """Every task force's name, by id."""
    return {team.id: team.name for team in found(plan, TaskForce)}


def new_id(plan: Plan, kind: EntityKind, /, **values: object) -> int:
    """Create a thing through the services; its id."""
    made = services.create(plan, kind, **values).value
    assert made is not None
    return int(made.id)


def task_force(plan: Plan, name: str = "Team", **values: object) -> int:
    """A proposed task force of kind 'other' with the values given."""
    return new_id(plan, K.TASK_FORCE, name=name, kind="other", status="proposed", **values)


@pytest.fixture(scope="module")
def demo_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo plan, generated once for the module with a fixed today."""
    path = tmp_path_factory.mktemp("demo") / "demo.smplan"
    generate_demo(path, today=TODAY)
    return path


@pytest.fixture(scope="module")
def demo(demo_path: Path) -> Iterator[Plan]:
    """The demo plan, open for the module (the charter only reads it)."""
    opened = services.open_existing(demo_path)
    yield opened
    opened.close()


@pytest.fixture
def plan(tmp_path: Path) -> Iterator[Plan]:
    """A new, empty plan titled 'Charter test plan', closed after the test."""
    opened = services.new_plan(tmp_path / "plan.smplan", title="Charter test plan")
    yield opened
    opened.close()


# pdftotext wraps right-to-left runs in embedding marks (U+202B ... U+202C); they are not text.
_BIDI_MARKS = dict.fromkeys(map(ord, "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"))


def readable(text: str) -> str:
    """Extracted text as a reader's search sees it: compatibility forms folded (NFKC: Arabic
    presentation forms and ligatures such as U+FB06 'st' back to letters), pdftotext's embedding
    marks dropped, white space collapsed."""
    return flat(unicodedata.normalize("NFKC", text).translate(_BIDI_MARKS))
