"""The after-action review PDF: read back with pdftotext, checked with qpdf, whatever the team typed."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from smarket_planner import services
from smarket_planner.charter.review_document import _fit
from smarket_planner.domain.errors import DomainError, NotFoundError
from smarket_planner.domain.records import Deliverable, Function, Person
from smarket_planner.services import Plan
from smarket_planner.services.reports.analysis import task_force_ids_named
from smarket_planner.services.reports.review_pdf import PageSize, review_content, review_pdf, write_review_pdf
from tests.charter.conftest import (
    A4,
    LETTER,
    TODAY,
    K,
    flat,
    new_id,
    page_sizes,
    pdf_text,
    qpdf_clean,
    readable,
    task_force,
)
from tests.charter.test_hostile_text import TEXTS

CAMPAIGN = "Data Days Spring Campaign"


def rows(path: Path) -> list[str]:
    """The PDF's printed lines as ``pdftotext -layout`` sets them (a table row's first line whole),
    white space collapsed."""
    result = subprocess.run(
        ["pdftotext", "-layout", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True
    )
    return [flat(line) for line in result.stdout.splitlines() if line.strip()]


@pytest.fixture(scope="module")
def campaign(demo_path: Path) -> Iterator[tuple[Plan, int]]:
    """The demo's dispersed campaign with a lesson, two credits, an answered and an open question,
    and finish dates for its deliverables: one on time, one late by six days, the rest a day early."""
    plan = services.open_existing(demo_path)
    (team,) = task_force_ids_named(plan, [CAMPAIGN])
    people = {item.name: item.id for item in services.find(plan, K.PERSON) if isinstance(item, Person)}
    functions = {item.name: item.id for item in services.find(plan, K.FUNCTION) if isinstance(item, Function)}
    for old in (K.LESSON, K.CREDIT, K.QUESTION):  # whatever the demo brings, these tests bring their own
        for record in services.find(plan, old, task_force_id=team):
            services.delete(plan, old, record.id)
    services.create(
        plan,
        K.LESSON,
        task_force_id=team,
        title="Book the follow-up calls before the event",
        outcome="hurt",
        what_happened="Only 142 of 180 meetings were booked.",
        why="Nobody owned the hand-over from the event list to the SDR queue.",
        evidence="Median time to first call was 6 days.",
        next_time="Hand the SDRs the attendee list the evening of the event.",
        function_ids=(functions["Sales"], functions["Marketing"]),
        tags="events, follow-up",
    )
    services.create(
        plan, K.CREDIT, task_force_id=team, for_what="a daily funnel report", person_id=people["Yuki Sato"]
    )
    services.create(
        plan, K.CREDIT, task_force_id=team, for_what="taking every call", function_id=functions["Sales"]
    )
    services.create(
        plan,
        K.QUESTION,
        task_force_id=team,
        question="Which city turned into the most pipeline per euro?",
        answerer_id=people["Yuki Sato"],
        answer="Vienna, at 41 euros of pipeline per euro spent.",
        evidence="CRM opportunities sourced from the roadshow.",
        answered_on=date(2026, 6, 10),
    )
    services.create(
        plan, K.QUESTION, task_force_id=team, question="Keep the weekly huddle?", due_on=date(2026, 7, 15)
    )
    for item in services.find(plan, K.DELIVERABLE, task_force_id=team):
        assert isinstance(item, Deliverable)
        if item.status.value == "done" and item.due_date:
            late = 6 if item.title == "Data Days e-book and landing pages" else -1
            services.update(plan, K.DELIVERABLE, item.id, finished_on=item.due_date + timedelta(days=late))
    yield plan, team
    plan.close()


@pytest.fixture(scope="module")
def campaign_pdf(campaign: tuple[Plan, int], tmp_path_factory: pytest.TempPathFactory) -> Path:
    plan, team = campaign
    out = tmp_path_factory.mktemp("review") / "review.pdf"
    assert write_review_pdf(plan, team, out, TODAY) == out
    return out


def test_the_review_is_a_sound_a4_pdf(campaign_pdf: Path) -> None:
    qpdf_clean(campaign_pdf)
    assert set(page_sizes(campaign_pdf)) == {A4}


def test_the_title_block_says_who_and_as_of_when(campaign_pdf: Path) -> None:
    first = flat(pdf_text(campaign_pdf, first=1, last=1))
    assert "AFTER-ACTION REVIEW" in first and CAMPAIGN in first
    assert "Campaign \u00b7 Dispersed" in first
    assert "Sponsor Lead Ran After-action review as of" in first  # each label above its value
    assert "Helena Voss Chlo\u00e9 Dubois 27 Jan 2026 \u2013 1 Jun 2026 23 Nov 2026" in first
    assert f"{CAMPAIGN} \u00b7 review as of 23 Nov 2026" in first and "Page 1 of" in first


def test_the_scorecard_shows_each_kpi_graded_and_the_groups_apart(campaign_pdf: Path) -> None:
    printed = rows(campaign_pdf)
    for name, values in (
        ("Roadshow", "0 2,500 2,548 1.02 1.0 \u25cf Delivered"),
        ("Meetings", "0 180 142 0.79 0.8 \u25cf Missed"),
        ("Share of", "8% 15% 12.7% 0.67 0.7 \u25cf Achieved"),
    ):  # the KPI's name wraps; its first line holds the values
        assert any(row.startswith(name) and row.endswith(values) for row in printed), values
    text = flat(pdf_text(campaign_pdf))
    assert "Roadshow and webinar registrations Fill the second-half funnel" in text
    assert "In registrations \u00b7 final check-in 27 May 2026" in text  # a unit named once, not per value
    assert "0.87 Committed KPIs Mean grade, 1 of 2 delivered" in text
    assert "0.7 Aspirational KPIs Mean grade, 1 of 1 achieved 0.7 or more" in text
    assert "1 of 2 committed KPIs delivered, scoring 0.87 on average" in text  # at a glance


def test_goals_deliverables_risks_and_decisions(campaign_pdf: Path) -> None:
    text = flat(pdf_text(campaign_pdf))
    assert "1 of 2 goals met; 1 not met." in text
    assert "Fill the second-half funnel" in text and "Not met" in text
    assert "5 of 7 deliverables finished on time; 1 late (by 6 days) and 1 dropped." in text
    printed = rows(campaign_pdf)
    assert "Data Days e-book and landing pages 12 Mar 2026 18 Mar 2026 \u25cf Late by 6 days" in printed
    assert "Podcast series on planning with data 27 Apr 2026 \u2014 \u25cf Dropped" in printed
    assert "Campaign plan and budget 10 Feb 2026 9 Feb 2026 \u25cf On time" in printed
    assert "Risks that came true" in text and "Attendee follow-up slower than 48 hours" in text
    assert "Of 2 decisions, 2 held." in text and "Held" in text  # as the demo's review has them


def test_lessons_credits_and_answered_questions(campaign_pdf: Path) -> None:
    text = flat(pdf_text(campaign_pdf))
    assert "What hurt Book the follow-up calls before the event" in text
    for part in (
        "What happened Only 142 of 180 meetings were booked.",
        "Why Nobody owned the hand-over",
        "The data Median time to first call was 6 days.",
        "Next time Hand the SDRs the attendee list",
        "Functions \u25a0 Sales \u25a0 Marketing",
        "Tags events, follow-up",
    ):
        assert part in text, part
    assert "2 credits: 1 to a person and 1 to a whole function." in text
    assert "Yuki Sato a daily funnel report" in text and "Sales taking every call" in text
    assert "2 questions: 1 answered and 1 still open (1 past its date)." in text
    assert "Vienna, at 41 euros of pipeline per euro spent." in text
    assert "CRM opportunities sourced from the roadshow." in text and "Answered 10 Jun 2026" in text
    assert "Open, past its date of 15 Jul 2026" in text
    # the answered question comes first
    assert text.index("Which city turned") < text.index("Keep the weekly huddle?")


def test_letter_paper_and_preview_bytes(campaign: tuple[Plan, int], tmp_path: Path) -> None:
    plan, team = campaign
    pdf = review_pdf(plan, team, TODAY, page_size=PageSize.LETTER)
    assert pdf.startswith(b"%PDF-1.")
    out = tmp_path / "letter.pdf"
    out.write_bytes(pdf)
    qpdf_clean(out)
    assert set(page_sizes(out)) == {LETTER}


def test_check_ins_after_the_day_reviewed_are_left_out_of_the_sparklines(campaign: tuple[Plan, int]) -> None:
    plan, team = campaign
    early = review_content(plan, team, date(2026, 3, 1))
    for line in early.scores:
        final = line.score.final_value
        assert (line.trend[-1] if line.trend else None) == final


def test_a_task_force_with_nothing_recorded_prints_a_sensible_review(plan: Plan, tmp_path: Path) -> None:
    team = task_force(plan, "Empty team")
    out = write_review_pdf(plan, team, tmp_path / "empty.pdf", TODAY)
    qpdf_clean(out)
    text = flat(pdf_text(out))
    for line in (
        "Empty team",
        "not named",
        "dates not set",
        "No KPIs to score.",
        "No goals were set.",
        "No deliverables were planned.",
        "No risks were logged.",
        "No decisions were logged.",
        "No lessons were recorded.",
        "No one was credited.",
        "No questions were asked.",
    ):
        assert line in text, line
    assert "Baseline" not in text and "Add them" not in text  # no empty sections after the glance
    assert page_sizes(out) == [A4]  # one page


def test_unmeasured_kpis_are_not_graded(plan: Plan, tmp_path: Path) -> None:
    team = task_force(plan, "Quiet team")
    goal = new_id(plan, K.GOAL, task_force_id=team, title="Be heard")
    new_id(plan, K.KPI, goal_id=goal, title="Mentions", unit="mentions", baseline=10, target=30)
    out = write_review_pdf(plan, team, tmp_path / "quiet.pdf", TODAY)
    qpdf_clean(out)
    text = flat(pdf_text(out))
    assert "1 committed KPI not measured." in text
    assert "Committed KPIs Not measured: no check-ins" in text
    assert "Mentions 10 30 \u2014 \u2014 \u2014 \u25cf Not" in rows(out)  # "measured" on the next line
    assert "Aspirational KPIs" not in text


def test_an_unknown_task_force_is_refused(plan: Plan, tmp_path: Path) -> None:
    with pytest.raises(NotFoundError, match="no task force number 999"):
        write_review_pdf(plan, 999, tmp_path / "x.pdf", TODAY)
    assert not (tmp_path / "x.pdf").exists()


HOSTILE = {
    "markup": "<b>Bold</b> & <i>co</i> &amp; <font size=99>big</font> <br/> ]]> <para>",
    "long word": "Supercalifragilistic" * 60,
    "arabic": "\u0639\u0645\u0631 \u0627\u0644\u0641\u0627\u0631\u0648\u0642 "
    "\u0648\u0627\u0644\u062f\u0631\u0633 2026",
    "hebrew": "\u05d3\u05d5\u05d3 \u05dc\u05d5\u05d9 \u2014 \u05e9\u05dc\u05d5\u05dd",
    "cjk": "\u674e\u96f7\u548c\u5c71\u7530\u592a\u90ce\u7684\u6559\u8a13\uff1a"
    "\u5148\u6253\u7535\u8bdd \uae40\ubbfc\uc218",
    "mixed": "Zo\u00eb \u0141ukasz \u0410\u043d\u043d\u0430 \U0001f600 \u674e\u96f7 \u05d3\u05d5\u05d3 <&>",
}


def _hostile_team(plan: Plan, text: str) -> int:
    """A task force whose every field a review prints holds ``text`` (cut to what each field takes)."""
    name, title = text[:120], text[:200]
    function = new_id(plan, K.FUNCTION, name=name, colour="#1f77b4")
    person = new_id(plan, K.PERSON, name=name, function_id=function)
    team = task_force(plan, name, lead_id=person, sponsor_id=person, objective=text)
    goal = new_id(plan, K.GOAL, task_force_id=team, title=title, description=text)
    kpi = new_id(plan, K.KPI, goal_id=goal, title=title, unit=text[:40], baseline=1, target=5000000)
    services.record_check_in(plan, kpi, date(2026, 3, 1), 4000000.5)
    new_id(plan, K.DELIVERABLE, task_force_id=team, title=title, owner_id=person, status="blocked")
    new_id(
        plan, K.RISK, task_force_id=team, title=title, description=text, mitigation=text, status="occurred"
    )
    new_id(plan, K.DECISION, task_force_id=team, title=title, data=text, reasoning=text, decided_by_id=person)
    fields = {key: text for key in ("what_happened", "why", "evidence", "next_time", "tags")}
    new_id(plan, K.LESSON, task_force_id=team, title=title, function_ids=(function,), **fields)
    new_id(plan, K.CREDIT, task_force_id=team, for_what=text, person_id=person, function_id=function)
    new_id(
        plan, K.QUESTION, task_force_id=team, question=text, answer=text, evidence=text, asked_by_id=person
    )
    return team


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_text_typesets_and_comes_back(plan: Plan, tmp_path: Path, name: str) -> None:
    text = HOSTILE[name]
    team = _hostile_team(plan, text)
    out = write_review_pdf(plan, team, tmp_path / "hostile.pdf", TODAY)
    qpdf_clean(out)
    printed = readable(pdf_text(out))
    assert "KPI scorecard" in printed and "Lessons" in printed and "Questions" in printed
    if name == "markup":  # printed as typed: no bold, no huge font, no break taken from the text
        assert readable(text) in printed
    if name == "cjk":
        assert readable(text).replace(" ", "") in printed.replace(" ", "")


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(text=TEXTS)
def test_any_text_in_a_lesson_credit_or_answer_prints(campaign: tuple[Plan, int], text: str) -> None:
    plan, team = campaign
    lesson = services.find(plan, K.LESSON, task_force_id=team)[0]
    credit = services.find(plan, K.CREDIT, task_force_id=team)[0]
    try:
        services.update(plan, K.LESSON, lesson.id, what_happened=text, tags=text)
        services.update(plan, K.CREDIT, credit.id, for_what=text or "x")
    except DomainError:  # a text the services refuse is not the review's to print
        return
    pdf = review_pdf(plan, team, TODAY)
    assert pdf.startswith(b"%PDF-1.") and pdf.rstrip().endswith(b"%%EOF")


def test_a_long_name_is_cut_to_one_footer_line() -> None:
    after = " \u00b7 review as of 23 Nov 2026"
    cut = _fit("A very long task force name " * 10, 240, after)
    assert cut.endswith("\u2026" + after) and len(cut) < 70
    assert _fit("Short", 240, after) == "Short" + after
