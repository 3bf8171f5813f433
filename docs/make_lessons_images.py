"""Take the lessons library's screenshots: the portfolio's Lessons page at 1280x800, light and dark.

    .venv/bin/python docs/make_lessons_images.py [--out docs/images]

Runs offscreen on a fresh demo plan (dated 2026-11-23). Where the demo lacks them, this script adds
eight lessons across three task forces through the services (the pictures are of the library's look,
not of the demo's content), and writes lessons-library.png and lessons-library-dark.png.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication

from smarket_planner import services
from smarket_planner.demo.northwind import generate_demo
from smarket_planner.domain.records import EntityKind, Function, Lesson, TaskForce
from smarket_planner.services import Plan
from smarket_planner.ui.app.main_window import MainWindow
from smarket_planner.ui.app.settings import CONFIG_ENV, AppSettings
from smarket_planner.ui.app.smoke import SIZE, save_screenshot, settle
from smarket_planner.ui.app.window_contract import PORTFOLIO
from smarket_planner.ui.kit.scheme import ColourScheme

K = EntityKind
TODAY = date(2026, 11, 23)
CAMPAIGN, LAUNCH, PURSUIT = "Data Days Spring Campaign", "Pulse 3.0 Launch", "Halvorsen Logistics Pursuit"
CHOSEN = "A weekly pricing huddle ended the discount drift"
LESSONS: list[dict[str, Any]] = [
    {
        "team": CAMPAIGN,
        "title": "Book the follow-up calls before the event, not after it",
        "outcome": "hurt",
        "what_happened": "Registrations beat the target, but only 142 of 180 meetings were booked: "
        "the SDRs reached most attendees a week after each city's event.",
        "why": "Follow-up capacity was planned for the average week, not for the day after 600 people "
        "had met us. Nobody owned the hand-over from the event list to the SDR queue.",
        "evidence": "Median time to first call was 6 days in Munich and Berlin, 2 days in Vienna, where "
        "meetings per attendee were twice as high.",
        "next_time": "Give the SDR team the attendee list the evening of the event and hold two days of "
        "their calendar for it. Track time to first call as a KPI.",
        "functions": ("Sales", "Marketing"),
        "tags": "events, follow-up, hand-over",
        "recorded_on": date(2026, 6, 3),
    },
    {
        "team": CAMPAIGN,
        "title": "One landing page per city doubled the sign-up rate",
        "outcome": "worked",
        "what_happened": "City pages with the local venue, speakers and a customer from that city "
        "converted at 31%, against 15% for the national page.",
        "why": "Visitors saw people like them; local partners shared their own city's page.",
        "evidence": "Web analytics, 10 Feb to 20 Apr 2026: 8,212 visits and 2,548 registrations.",
        "next_time": "Start from the city page template; ask each local customer for a quote early.",
        "functions": ("Marketing",),
        "tags": "landing pages, events",
        "recorded_on": date(2026, 6, 3),
    },
    {
        "team": CAMPAIGN,
        "title": "Dropping the podcast paid for the fourth city",
        "outcome": "mixed",
        "what_happened": "We cancelled the podcast series in March and moved its budget to the roadshow; "
        "Zürich was added and filled in two weeks.",
        "why": "The podcast needed six weeks of production before its first episode; the roadshow "
        "produced meetings within days.",
        "evidence": "Zürich: 410 registrations, 31 meetings booked. Share of voice grew less than hoped "
        "(12.7% against 15%).",
        "next_time": "Decide on slow-burn channels in the first week, when they can still start in time.",
        "functions": ("Marketing", "PR"),
        "tags": "budget, channels",
        "recorded_on": date(2026, 6, 2),
    },
    {
        "team": LAUNCH,
        "title": "A weekly pricing huddle ended the discount drift",
        "outcome": "worked",
        "what_happened": "Deal desks in three regions were quoting different launch discounts; a "
        "20-minute weekly huddle of Sales, Finance and Product settled one price book.",
        "why": "Each region had read the pricing memo its own way; nobody had the authority to say which "
        "reading held until the huddle was given it.",
        "evidence": "Average launch discount fell from 18% to 11% in four weeks; no deal was lost on price.",
        "next_time": "Set up the pricing huddle in the launch's first week, with a named decider.",
        "functions": ("Sales", "Finance", "Product"),
        "tags": "pricing, launch timing",
        "recorded_on": date(2026, 10, 14),
    },
    {
        "team": LAUNCH,
        "title": "Support learned about the release from customers",
        "outcome": "hurt",
        "what_happened": "The 3.0 beta reached 40 customers a week before Customer Service saw it; the "
        "first tickets asked about features the team had never been shown.",
        "why": "The enablement session was planned for the general release, not for the beta.",
        "evidence": "62 beta tickets in week one; first-response time rose from 3 to 11 hours.",
        "next_time": "Train Customer Service before any customer sees a build, beta included.",
        "functions": ("Customer Service", "Product"),
        "tags": "enablement, launch timing",
        "recorded_on": date(2026, 11, 9),
    },
    {
        "team": LAUNCH,
        "title": "The analyst preview earned coverage but cost a week of Product's time",
        "outcome": "mixed",
        "what_happened": "Two analyst firms previewed 3.0 under embargo and both wrote about it at launch.",
        "why": "The demos were built by hand for each firm; Product lost a week of the hardening sprint.",
        "evidence": "Two reports citing 3.0 in launch week; the sprint closed 9 of 14 planned items.",
        "next_time": "Keep one demo script for every analyst and let PR run the sessions.",
        "functions": ("PR", "Product"),
        "tags": "analysts, press",
        "recorded_on": date(2026, 11, 18),
    },
    {
        "team": PURSUIT,
        "title": "Meeting the warehouse managers before the board won the pilot",
        "outcome": "worked",
        "what_happened": "We spent the first two weeks on site in four Halvorsen warehouses before "
        "presenting to their board.",
        "why": "The board's first question was what the floor thought; we could quote their own people.",
        "evidence": "Pilot approved at the first board meeting; three of four managers wrote in support.",
        "next_time": "Start every logistics pursuit on the floor, not in the boardroom.",
        "functions": ("Sales", "Customer Service"),
        "tags": "discovery, executive sponsor",
        "recorded_on": date(2026, 11, 2),
    },
    {
        "team": PURSUIT,
        "title": "Security questionnaire answered late",
        "outcome": "hurt",
        "what_happened": "Halvorsen's 240-question security review waited nine days for answers.",
        "why": "No one on the team owned security answers, and the library of past answers was out of date.",
        "evidence": "",
        "next_time": "Name a security owner at kick-off and refresh the answer library every quarter.",
        "functions": ("Product",),
        "tags": "security, procurement",
        "recorded_on": date(2026, 11, 20),
    },
]


def add_lessons(plan: Plan) -> None:
    """Add the lessons above that the plan does not have yet."""
    teams = {team.name: team.id for team in services.find(plan, K.TASK_FORCE) if isinstance(team, TaskForce)}
    functions = {f.name: f.id for f in services.find(plan, K.FUNCTION) if isinstance(f, Function)}
    known = {lesson.title for lesson in services.find(plan, K.LESSON) if isinstance(lesson, Lesson)}
    for values in LESSONS:
        if values["title"] in known:
            continue
        fields = {key: value for key, value in values.items() if key not in ("team", "functions")}
        services.create(
            plan,
            K.LESSON,
            task_force_id=teams[values["team"]],
            function_ids=[functions[name] for name in values["functions"]],
            **fields,
        )


def shoot(out: Path, *, dark: bool) -> Path:
    """One picture of the Lessons page, a lesson with every part written read in the pane."""
    with tempfile.TemporaryDirectory() as scratch:
        os.environ[CONFIG_ENV] = scratch
        path = Path(scratch) / "Northwind demo.smplan"
        generate_demo(path, today=TODAY)
        plan = services.open_existing(path)
        add_lessons(plan)
        plan.close()
        settings = AppSettings(Path(scratch))
        if dark:
            settings.set_colour_scheme(ColourScheme.DARK)
        window = MainWindow(settings)
        window.resize(*SIZE)
        window.show()
        settle()
        window.open_plan(str(path))
        deadline = time.monotonic() + 30  # the findings' count in the picture, not "Analysing…"
        while window.findings is not None and not window.findings.model.rowCount():
            if time.monotonic() > deadline:
                raise RuntimeError("the analysis did not finish")
            settle()
            time.sleep(0.05)
        window.show_view(PORTFOLIO)
        assert window.portfolio is not None
        library = window.portfolio.lessons
        window.portfolio.pages.setCurrentWidget(library)
        chosen = next(lesson for lesson in library.shown_lessons() if lesson.record.title == CHOSEN)
        library.choose_lesson(chosen.id)
        settle()
        picture = save_screenshot(window, out / f"lessons-library{'-dark' if dark else ''}.png")
        window.close()
        settle()
        return picture


def main() -> int:
    """Write both pictures and list them."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "images")
    args = parser.parse_args()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    for dark in (False, True):
        print(shoot(args.out, dark=dark))
    del app
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
