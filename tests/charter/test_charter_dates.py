"""A charter carries the day it was really made, unless a reproducible build fixes the moment."""

from __future__ import annotations

import re
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest

from smarket_planner.services import Plan
from smarket_planner.services.reports.charter import write_task_force_charter
from tests.charter.conftest import TODAY, qpdf_clean
from tests.charter.test_charter_pdf import launch_id


def creation_date(path: Path) -> str:
    """The PDF's creation date as pdfinfo reads it, in ISO form (with -isodates)."""
    info = subprocess.run(
        ["pdfinfo", "-isodates", str(path)], capture_output=True, text=True, check=True
    ).stdout
    found = re.search(r"^CreationDate:\s+(\S+)", info, re.MULTILINE)
    assert found, info
    return found.group(1)


def test_a_charter_carries_the_day_it_was_made(
    demo: Plan, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    before = datetime.now(UTC).date()
    path = write_task_force_charter(demo, launch_id(demo), tmp_path / "charter.pdf", today=TODAY)
    qpdf_clean(path)
    made = creation_date(path)
    assert not made.startswith("2000-01-01")  # not ReportLab's fixed stand-in
    assert made[:10] in {
        before.isoformat(),
        datetime.now(UTC).date().isoformat(),
        datetime.now().date().isoformat(),
    }


def test_source_date_epoch_makes_the_same_file_twice(
    demo: Plan, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795046400")  # 2026-11-19 00:00 UTC
    one = write_task_force_charter(demo, launch_id(demo), tmp_path / "one.pdf", today=TODAY)
    two = write_task_force_charter(demo, launch_id(demo), tmp_path / "two.pdf", today=TODAY)
    assert one.read_bytes() == two.read_bytes()
    assert creation_date(one).startswith("2026-11-19")
