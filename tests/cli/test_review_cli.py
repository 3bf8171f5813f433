"""``smarket-planner review PLAN --task-force NAME -o OUT.pdf``: the after-action review as a PDF."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest

from smarket_planner import cli
from smarket_planner.demo.northwind import generate_demo
from tests.charter.conftest import flat, pdf_text, qpdf_clean

CAMPAIGN = "Data Days Spring Campaign"


def one_line(err: str) -> str:
    """The single line a failed command writes to stderr, without the program's name."""
    lines = err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("smarket-planner: ") and "Traceback" not in err, err
    return lines[0].removeprefix("smarket-planner: ")


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("review") / "demo.smplan"
    generate_demo(path, today=date(2026, 11, 23))
    return path


def review(demo: Path, *extra: str, team: str = CAMPAIGN) -> int:
    return cli.main(["review", str(demo), "--task-force", team, "--today", "2026-11-23", *extra])


def test_o_writes_the_review_as_a_pdf_and_says_where(
    demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "review.pdf"

    assert review(demo, "-o", str(out), team="data days SPRING campaign") == cli.EXIT_OK

    captured = capsys.readouterr()
    assert captured.out == f"Wrote the review to {out}\n" and captured.err == ""
    qpdf_clean(out)
    text = flat(pdf_text(out))
    assert "AFTER-ACTION REVIEW" in text and CAMPAIGN in text and "KPI scorecard" in text
    assert "Roadshow and webinar registrations" in text and "Delivered" in text and "Missed" in text
    assert sorted(os.listdir(tmp_path)) == ["review.pdf"]  # no draft left beside it


def test_the_pdf_replaces_an_old_one(demo: Path, tmp_path: Path) -> None:
    out = tmp_path / "Review.PDF"
    out.write_bytes(b"old")

    assert review(demo, "--output", str(out)) == cli.EXIT_OK

    assert out.read_bytes().startswith(b"%PDF-1.")


def test_a_name_not_ending_in_pdf_is_a_usage_error(
    demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "review.txt"

    assert review(demo, "-o", str(out)) == cli.EXIT_USAGE

    captured = capsys.readouterr()
    assert ".pdf" in one_line(captured.err)
    assert captured.out == "" and not out.exists()


def test_a_folder_is_a_usage_error(demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert review(demo, "-o", str(tmp_path)) == cli.EXIT_USAGE

    assert "is a folder" in one_line(capsys.readouterr().err)
    assert os.listdir(tmp_path) == []


def test_a_missing_folder_fails_with_one_line(
    demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "nowhere" / "review.pdf"

    assert review(demo, "-o", str(out)) == cli.EXIT_FAILED

    captured = capsys.readouterr()
    assert str(out.parent) in one_line(captured.err)
    assert captured.out == "" and not out.parent.exists()


def test_a_file_that_cannot_be_written_fails_with_one_line(
    demo: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    out = tmp_path / "review.pdf"

    def refuse(*args: object, **kwargs: object) -> Path:
        raise PermissionError(13, "Permission denied", str(out))

    monkeypatch.setattr("smarket_planner.services.reports.review_pdf.write_review_pdf", refuse)

    assert review(demo, "-o", str(out)) == cli.EXIT_FAILED

    captured = capsys.readouterr()
    assert one_line(captured.err) == f"could not write {out}: Permission denied"
    assert captured.out == ""


def test_a_name_that_is_not_a_task_force_fails_as_other_commands_do(
    demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "x.pdf"

    assert review(demo, "-o", str(out), team="Moonshot") == cli.EXIT_FAILED

    captured = capsys.readouterr()
    assert captured.err == "smarket-planner: There is no task force called 'Moonshot' in this plan.\n"
    assert captured.out == "" and not out.exists()


def test_a_plan_that_is_not_there_is_exit_3(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "x.pdf"

    assert review(tmp_path / "missing.smplan", "-o", str(out)) == cli.EXIT_BAD_PLAN

    assert len(capsys.readouterr().err.splitlines()) == 1 and not out.exists()
