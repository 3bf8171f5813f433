"""Open questions in the charter: what to find out, who should answer, by when; only when some are open."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from smarket_planner.services import Plan
from smarket_planner.services.reports.charter import (
    CharterOptions,
    Section,
    charter_content,
    write_task_force_charter,
)
from tests.charter.conftest import K, flat, new_id, pdf_text, qpdf_clean, task_force

PRINTED = date(2026, 3, 10)
STALL = "Why do webinar sign-ups stall after the first mailing?"
SIGNS = "Who signs the order for Acme?"
PRICE = "Do partners need a price of their own?"
ANSWERED = "Is the launch date still 1 April?"


def write(plan: Plan, ident: int, path: Path, sections: frozenset[Section] | None = None) -> str:
    """The charter's text as a reader's viewer reads it, once qpdf finds the file sound."""
    options = CharterOptions(sections=sections) if sections is not None else None
    write_task_force_charter(plan, ident, path, options, today=PRINTED)
    qpdf_clean(path)
    return flat(pdf_text(path))


@pytest.fixture
def team(plan: Plan) -> int:
    """A proposed launch whose questions are asked by Ann; Cat, who should answer one, is not on it."""
    sales = new_id(plan, K.FUNCTION, name="Sales", colour="#1f77b4")
    ann = new_id(plan, K.PERSON, name="Ann Archer", function_id=sales)
    cat = new_id(plan, K.PERSON, name="Cat Chen", function_id=sales)
    ident = task_force(plan, "Launch")
    new_id(plan, K.QUESTION, task_force_id=ident, question=PRICE, asked_by_id=ann, due_on=date(2026, 4, 1))
    new_id(
        plan,
        K.QUESTION,
        task_force_id=ident,
        question=STALL,
        asked_by_id=ann,
        answerer_id=cat,
        due_on=date(2026, 3, 1),
    )
    new_id(plan, K.QUESTION, task_force_id=ident, question=SIGNS, answerer_id=ann)
    new_id(plan, K.QUESTION, task_force_id=ident, question=ANSWERED, answer="Yes.", due_on=date(2026, 2, 1))
    return ident


def test_the_open_questions_print_with_who_should_answer_and_by_when(
    plan: Plan, team: int, tmp_path: Path
) -> None:
    text = write(plan, team, tmp_path / "launch.pdf")

    section = text[text.index("Open questions Question To answer By") : text.index("Alignment health")]
    assert section.index(STALL) < section.index(PRICE) < section.index(SIGNS)  # the soonest due first
    # pdftotext reads a row's cells line by line across the row: each cell's lines in order.
    assert f"{STALL} Cat Chen 1 Mar 2026 Asked by Ann Archer" in section
    assert section.index("9 days overdue") < section.index("No one yet 1 Apr 2026")  # under STALL's date
    assert section.count("overdue") == 1  # the price is not due yet
    assert f"{SIGNS} Ann Archer \u2014" in section  # no date to answer by
    assert ANSWERED not in text
    assert text.index("Decisions") < text.index("Open questions") < text.index("Alignment health")


def test_the_content_holds_only_the_open_ones_and_names_who_answers(plan: Plan, team: int) -> None:
    content = charter_content(plan, team, today=PRINTED)
    assert [q.question for q in content.questions] == [STALL, PRICE, SIGNS]
    assert {content.person_name(q.answerer_id) for q in content.questions} == {"Cat Chen", "Ann Archer", ""}


def test_no_section_when_every_question_is_answered_or_none_was_asked(plan: Plan, tmp_path: Path) -> None:
    ident = task_force(plan, "Quiet")
    assert "Open questions" not in write(plan, ident, tmp_path / "none.pdf")
    new_id(plan, K.QUESTION, task_force_id=ident, question=ANSWERED, answer="Yes.")
    text = write(plan, ident, tmp_path / "answered.pdf")
    assert "Open questions" not in text and ANSWERED not in text
    assert "Decisions" in text and "Signatures" in text
    only = write(plan, ident, tmp_path / "only.pdf", frozenset({Section.QUESTIONS}))
    assert "Nothing to print: this task force has no open questions." in only


def test_the_section_can_be_left_out_or_printed_alone(plan: Plan, team: int, tmp_path: Path) -> None:
    without = write(plan, team, tmp_path / "without.pdf", frozenset(Section) - {Section.QUESTIONS})
    assert "Open questions" not in without and "To answer" not in without
    assert STALL in without  # the health section still says the question is overdue
    alone = write(plan, team, tmp_path / "alone.pdf", frozenset({Section.QUESTIONS}))
    assert alone.startswith("Open questions Question To answer By") and STALL in alone
    assert Section.QUESTIONS.label == "Open questions"
