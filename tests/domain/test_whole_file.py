"""A file is written whole or not at all, and a failure names the file asked for, not the draft."""

from __future__ import annotations

from pathlib import Path

import pytest

from smarket_planner.domain.whole_file import whole_file


def test_the_draft_takes_the_name_when_all_went_well(tmp_path: Path) -> None:
    target = tmp_path / "charter.pdf"
    target.write_bytes(b"old")
    with whole_file(target) as draft:
        assert draft.parent == tmp_path and draft.name.startswith(".charter-") and draft.suffix == ".pdf"
        draft.write_bytes(b"new")
        assert target.read_bytes() == b"old"  # not before the end
    assert target.read_bytes() == b"new"
    assert [item.name for item in tmp_path.iterdir()] == ["charter.pdf"]


def test_a_failure_leaves_the_old_file_and_no_draft(tmp_path: Path) -> None:
    target = tmp_path / "plan.json"
    target.write_text("old")
    with pytest.raises(ValueError), whole_file(target) as draft:
        draft.write_text("half")
        raise ValueError
    assert target.read_text() == "old"
    assert [item.name for item in tmp_path.iterdir()] == ["plan.json"]


def test_a_missing_folder_is_said_of_the_file_asked_for(tmp_path: Path) -> None:
    target = tmp_path / "no such folder" / "roster.csv"
    with pytest.raises(FileNotFoundError) as caught, whole_file(target):
        pass
    assert caught.value.filename == str(target)


def test_a_place_taken_by_a_folder_is_said_of_the_file_asked_for(tmp_path: Path) -> None:
    target = tmp_path / "calendar.ics"
    target.mkdir()
    with pytest.raises(IsADirectoryError) as caught, whole_file(target) as draft:
        draft.write_text("BEGIN:VCALENDAR")
    assert caught.value.filename == str(target)
    assert "calendar-" not in str(caught.value)  # the draft's name is never shown
    assert sorted(item.name for item in tmp_path.iterdir()) == ["calendar.ics"]


def test_an_error_about_another_file_is_left_as_it_is(tmp_path: Path) -> None:
    other = tmp_path / "font.ttf"
    with pytest.raises(FileNotFoundError) as caught, whole_file(tmp_path / "out.pdf"):
        other.read_bytes()
    assert caught.value.filename == str(other)
