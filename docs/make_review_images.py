"""Print the demo campaign's after-action review; save each page as docs/images/review-page-N.png.

    .venv/bin/python docs/make_review_images.py [--pdf OUT.pdf]

Needs `pdftoppm` (Debian poppler-utils). The demo plan is written for a fixed day. Where the demo
has no lessons, credits, questions or finish dates for the campaign yet, this script adds a few
through the services (the pictures are of the review's look, not of the demo's content).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import tempfile
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from smarket_planner import services
from smarket_planner.demo.northwind import generate_demo
from smarket_planner.domain.records import Deliverable, EntityKind, Function, Person
from smarket_planner.services import Plan
from smarket_planner.services.reports.analysis import task_force_ids_named
from smarket_planner.services.reports.review_pdf import write_review_pdf

K = EntityKind
TODAY = date(2026, 11, 23)
TEAM = "Data Days Spring Campaign"
IMAGES = Path(__file__).resolve().parent / "images"
RESOLUTION = "80"  # dots per inch, as the charter's pages
LESSONS: list[dict[str, Any]] = [
    {
        "title": "Book the follow-up calls before the event, not after it",
        "outcome": "hurt",
        "what_happened": "Registrations beat the target, but only 142 of 180 meetings were booked: "
        "the SDRs reached most attendees a week after each city's event.",
        "why": "Follow-up capacity was planned for the average week, not for the day after 600 "
        "people had met us. Nobody owned the hand-over from the event list to the SDR queue.",
        "evidence": "Median time to first call was 6 days in Munich and Berlin, 2 days in Vienna, "
        "where meetings per attendee were twice as high.",
        "next_time": "Give the SDR team the attendee list the evening of the event and hold "
        "two days of their calendar for it. Track time to first call as a KPI.",
        "functions": ("Sales", "Marketing"),
        "tags": "events, follow-up, hand-over",
    },
    {
        "title": "One landing page per city doubled the sign-up rate",
        "outcome": "worked",
        "what_happened": "City pages with the local venue, speakers and a customer from that "
        "city converted at 31%, against 15% for the national page.",
        "why": "Visitors saw people like them; local partners shared their own city's page.",
        "evidence": "Web analytics, 10 Feb to 20 Apr 2026: 8,212 visits and 2,548 registrations.",
        "next_time": "Start from the city page template; ask each local customer for a quote early.",
        "functions": ("Marketing",),
        "tags": "landing pages, events",
    },
    {
        "title": "Dropping the podcast paid for the fourth city",
        "outcome": "mixed",
        "what_happened": "We cancelled the podcast series in March and moved its budget to the "
        "roadshow; Zurich was added and filled in two weeks.",
        "why": "The podcast needed six weeks of production before its first episode; the roadshow "
        "produced meetings within days.",
        "evidence": "Zurich: 410 registrations, 31 meetings booked. Share of voice grew less than "
        "hoped (12.7% against 15%): trade press wrote about the podcast's guests before.",
        "next_time": "Decide on slow-burn channels in the first week, when they can still start in time.",
        "functions": ("Marketing", "PR"),
        "tags": "budget, channels",
    },
]
CREDITS = [
    ("Yuki Sato", "a daily funnel report the whole team could read in one minute"),
    ("Leila Farahani", "three analyst briefings that gave the trade press its story"),
    ("Ethan Brooks", "lending two SDRs for the Vienna follow-up at a day's notice"),
    ("Sales", "taking every attendee call, even the ones that were not theirs to take"),
]
QUESTIONS: list[dict[str, Any]] = [
    {
        "question": "Which city's attendees turned into the most pipeline, per euro spent?",
        "asked_by": "Helena Voss",
        "answerer": "Yuki Sato",
        "due_on": date(2026, 6, 15),
        "answer": "Vienna: EUR 41 of pipeline for each euro spent, against 18 on average.",
        "evidence": "CRM opportunities sourced from the roadshow, as of 10 Jun 2026.",
        "answered_on": date(2026, 6, 10),
    },
    {
        "question": "Would a shorter e-book have kept more readers to the last chapter?",
        "asked_by": "Chloé Dubois",
        "answerer": "Noor Haddad",
        "due_on": date(2026, 6, 30),
        "answer": "Probably not: readers who passed chapter 2 mostly finished; most left in chapter 1.",
        "evidence": "Reading analytics of 1,906 downloads: 58% stopped in chapter 1.",
        "answered_on": date(2026, 6, 24),
    },
    {
        "question": "Should the next campaign keep the weekly huddle, or meet twice a week during events?",
        "asked_by": "Ben Carter",
        "answerer": "Chloé Dubois",
        "due_on": date(2026, 7, 15),
    },
]


def add_review_content(plan: Plan, team: int) -> None:
    """Lessons, credits, questions and finish dates for the team, each only if it has none yet."""
    people = {item.name: item.id for item in services.find(plan, K.PERSON) if isinstance(item, Person)}
    functions = {item.name: item.id for item in services.find(plan, K.FUNCTION) if isinstance(item, Function)}
    if not services.find(plan, K.LESSON, task_force_id=team):
        for lesson in LESSONS:
            values = {key: value for key, value in lesson.items() if key != "functions"}
            ids = tuple(functions[name] for name in lesson["functions"])
            services.create(
                plan, K.LESSON, task_force_id=team, function_ids=ids, recorded_on=date(2026, 6, 2), **values
            )
    if not services.find(plan, K.CREDIT, task_force_id=team):
        for who, for_what in CREDITS:
            thanked = {"person_id": people[who]} if who in people else {"function_id": functions[who]}
            services.create(plan, K.CREDIT, task_force_id=team, for_what=for_what, **thanked)
    if not services.find(plan, K.QUESTION, task_force_id=team):
        for question in QUESTIONS:
            values = dict(question)
            values["asked_by_id"] = people[str(values.pop("asked_by"))]
            values["answerer_id"] = people[str(values.pop("answerer"))]
            services.create(plan, K.QUESTION, task_force_id=team, **values)
    work = [
        item
        for item in services.find(plan, K.DELIVERABLE, task_force_id=team)
        if isinstance(item, Deliverable)
    ]
    if not any(item.finished_on for item in work):
        late = {"Data Days e-book and landing pages": 6, "SDR follow-up of every attendee": 9}
        for item in work:
            if item.status.value == "done" and item.due_date:
                finished = item.due_date + timedelta(days=late.get(item.title, -1))
                services.update(plan, K.DELIVERABLE, item.id, finished_on=finished)


def main() -> int:
    """Write the demo plan and the campaign's review in a temporary folder, then render the pages."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--pdf", type=Path, help="also keep the PDF here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        plan_path = Path(folder) / "demo.smplan"
        generate_demo(plan_path, force=True, today=TODAY)
        pdf = Path(folder) / "review.pdf"
        with services.open_existing(plan_path) as plan:
            (team,) = task_force_ids_named(plan, [TEAM])
            add_review_content(plan, team)
            write_review_pdf(plan, team, pdf, TODAY)
        if args.pdf:
            shutil.copyfile(pdf, args.pdf)
        for old in IMAGES.glob("review-page-*.png"):
            old.unlink()
        subprocess.run(
            ["pdftoppm", "-png", "-r", RESOLUTION, str(pdf), str(IMAGES / "review-page")], check=True
        )
    pages = sorted(IMAGES.glob("review-page-*.png"))
    for page in pages:  # pdftoppm numbers pages 1..9 as -1 or -01 depending on the count
        number = int(page.stem.rsplit("-", 1)[1])
        page.rename(IMAGES / f"review-page-{number}.png")
    print(f"Wrote {len(pages)} pages to {IMAGES}/review-page-N.png")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
