"""A roster in the usual shape is checked at once; what it finds must be what row by row finds."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from smarket_planner import services
from smarket_planner.domain import EntityKind
from smarket_planner.services import Plan
from smarket_planner.services.exchange import roster_matching, roster_preview
from smarket_planner.services.exchange.roster_columns import plan_columns
from smarket_planner.services.exchange.roster_files import read_csv
from smarket_planner.services.exchange.roster_matching import assess
from smarket_planner.services.exchange.roster_preview import RosterPreview, RowOutcome

K = EntityKind
KNOWN = ("ana@example.com", "bo@example.com", "cy@example.com")  # in the plan already
FUNCTIONS = ("Sales", "sales", "SALES", "Product", "Customer Success", "Legal", "")
TITLES = ("", "Account Executive", "Product Manager", "'=SUM(1)")
PLACES = ("", "Berlin", "Remote")
CAPACITIES = ("", "100", "80%", "0.5", "40")
SKILLS = ("", "German; pricing", "pricing, Pricing", ";")


@pytest.fixture(scope="module")
def known_plan(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Plan]:
    """A plan with Sales and Product, and three people in them."""
    plan = services.new_plan(tmp_path_factory.mktemp("usual") / "plan.smplan")
    sales = services.create(plan, K.FUNCTION, name="Sales", colour="#2f7ed8").value
    product = services.create(plan, K.FUNCTION, name="Product", colour="#cf6a1f").value
    for number, email in enumerate(KNOWN):
        function = sales if number % 2 else product
        services.create(plan, K.PERSON, name=f"Known {number}", email=email, function_id=function.id)
    yield plan
    plan.close()


@st.composite
def rosters(draw: st.DrawFn) -> bytes:
    """A CSV roster of a few people: known and new e-mails (once each, or now and then twice),
    functions in several spellings or none, titles, places, capacities and skills or empty cells."""
    count = draw(st.integers(1, 12))
    pool = [*KNOWN, *(f"new{number}@example.com" for number in range(count))]
    emails = draw(st.lists(st.sampled_from(pool), min_size=count, max_size=count))
    if draw(st.booleans()):  # mostly each once, as an HR export has them
        emails = list(dict.fromkeys(emails))
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\r\n")
    writer.writerow(["Name", "Work Email", "Department", "Job Title", "Location", "FTE", "Skills"])
    for number, email in enumerate(emails):
        writer.writerow(
            [
                f"Person {number}", email.upper() if draw(st.booleans()) else email,
                draw(st.sampled_from(FUNCTIONS)), draw(st.sampled_from(TITLES)),
                draw(st.sampled_from(PLACES)), draw(st.sampled_from(CAPACITIES)),
                draw(st.sampled_from(SKILLS)),
            ]
        )  # fmt: skip
    return text.getvalue().encode()


def preview_of(plan: Plan, data: bytes) -> RosterPreview:
    """The preview of a roster's bytes against the plan."""
    table = read_csv(data, "roster.csv")
    with plan.store.session() as session:
        return assess(session, table, plan_columns(table))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=rosters())
def test_at_once_and_row_by_row_say_the_same(
    known_plan: Plan, data: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    at_once = preview_of(known_plan, data)
    with monkeypatch.context() as patched:
        patched.setattr(roster_matching._Matching, "usual_rows", lambda _self, _read: None)
        row_by_row = preview_of(known_plan, data)
    assert at_once.rows == row_by_row.rows
    assert at_once.new_functions == row_by_row.new_functions
    assert at_once.problems == row_by_row.problems


def test_a_usual_roster_is_checked_at_once(known_plan: Plan, monkeypatch: pytest.MonkeyPatch) -> None:
    """An HR export of new and known people, each with an e-mail, takes the quick way."""
    data = (
        b"Name,Work Email,Department\r\n"
        b"Ana Lima,ANA@example.com,Sales\r\nDee Diaz,dee@example.com,Legal\r\nEd Eng,ed@example.com,legal\r\n"
    )
    taken: list[int] = []
    real = roster_matching._Matching.row
    monkeypatch.setattr(roster_matching._Matching, "row", lambda *args: taken.append(1) or real(*args))
    preview = preview_of(known_plan, data)
    assert taken == []  # no row looked at alone
    assert [row.outcome for row in preview.rows] == [RowOutcome.UPDATE, RowOutcome.NEW, RowOutcome.NEW]
    assert preview.new_functions == ("Legal",) and preview.rows[2].function == "Legal"


@pytest.mark.parametrize(
    "rows",
    [
        "Ana Lima,ana@example.com,Sales\r\nAna Lima,ANA@example.com,Sales\r\n",  # an e-mail twice
        "Ana Lima,,Sales\r\n",  # no e-mail
        "Dee Diaz,dee@example.com,\r\n",  # a new person without a function
        "Dee Diaz,not-an-address,Sales\r\n",  # a row that cannot be read
    ],
)
def test_any_other_roster_is_checked_row_by_row(known_plan: Plan, rows: str) -> None:
    data = f"Name,Work Email,Department\r\n{rows}".encode()
    table = read_csv(data, "roster.csv")
    with known_plan.store.session() as session:
        matching = roster_matching._Matching(session, plan_columns(table))
        read = roster_matching.read_people(table.lines[1:], plan_columns(table))
        assert matching.usual_rows(read) is None


def test_the_plan_is_not_changed(known_plan: Plan, tmp_path: Path) -> None:
    """Checking, either way, writes nothing."""
    before = services.counts(known_plan)
    preview_of(known_plan, b"Name,Work Email,Department\r\nDee Diaz,dee@example.com,Legal\r\n")
    assert services.counts(known_plan) == before


def test_an_import_from_the_command_line_never_makes_the_rows(known_plan: Plan, tmp_path: Path) -> None:
    """The usual roster's rows are made when looked at; importing writes from the columns."""
    from smarket_planner.services.exchange.roster_import import import_roster

    path = tmp_path / "roster.csv"
    path.write_bytes(
        b"Name,Work Email,Department,FTE\r\nDee Diaz,dee@example.com,Legal,\r\nBo,bo@example.com,,0.5\r\n"
    )
    preview = roster_matching.preview_roster(known_plan, path)
    assert isinstance(preview.rows, roster_preview.UsualRows)
    assert preview.count(RowOutcome.NEW) == 1 and preview.count(RowOutcome.UPDATE) == 1
    outcome = import_roster(known_plan, preview)
    assert preview.rows._made is None  # counted and written without a row made
    dee = next(person for person in services.find(known_plan, K.PERSON) if person.email == "dee@example.com")
    assert (dee.name, dee.capacity_pct, dee.title) == ("Dee Diaz", 100.0, "")
    assert [row.outcome for row in preview.rows] == [RowOutcome.NEW, RowOutcome.UPDATE]  # made when looked at
    services.undo(known_plan, outcome)
