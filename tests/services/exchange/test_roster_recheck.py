"""A roster goes in against the plan as it is then: checked once if nothing changed, again if it did."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from smarket_planner import services
from smarket_planner.domain import EntityKind
from smarket_planner.services import Plan
from smarket_planner.services.exchange import roster_import, roster_matching
from smarket_planner.services.exchange.roster_import import (
    RosterImportError,
    RowOutcome,
    import_roster,
    preview_roster,
)

K = EntityKind
ROSTER = (
    "Name,Work Email,Job Title,Department\r\n"
    "Ana Lima,ana@example.com,Account Executive,Sales\r\n"
    "Bo Berg,bo@example.com,Product Manager,Product\r\n"
)


@pytest.fixture
def roster(tmp_path: Path) -> Path:
    """Two people, Ana (new to the plan) and Bo (in it already, as a product manager)."""
    path = tmp_path / "roster.csv"
    path.write_text(ROSTER, encoding="utf-8")
    return path


@pytest.fixture
def sales_and_bo(plan: Plan) -> Plan:
    """A plan with Sales and Product, and Bo in Product."""
    services.create(plan, K.FUNCTION, name="Sales", colour="#2f7ed8")
    product = services.create(plan, K.FUNCTION, name="Product", colour="#cf6a1f").value
    bo = {"name": "Bo Berg", "email": "bo@example.com", "title": "Product Manager"}
    services.create(plan, K.PERSON, function_id=product.id, **bo)
    return plan


@pytest.fixture
def checks(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """How many rows each check of a roster against the plan looked at, in order."""
    counted: list[int] = []
    real = roster_matching.assess

    def counting(*args: Any, **options: Any) -> roster_import.RosterPreview:
        preview = real(*args, **options)
        counted.append(len(preview.rows))
        return preview

    for module in (roster_matching, roster_import):  # the preview's check, and the import's
        monkeypatch.setattr(module, "assess", counting)
    yield counted


def person_by_email(plan: Plan, email: str) -> Any:
    """The plan's person with this e-mail."""
    (person,) = [person for person in services.find(plan, K.PERSON) if person.email == email]
    return person


def test_an_unchanged_plan_is_not_checked_a_second_time(
    sales_and_bo: Plan, roster: Path, checks: list[int]
) -> None:
    """The preview's verdicts stand when nobody touched people or functions since: one check in all."""
    preview = preview_roster(sales_and_bo, roster)
    assert [row.outcome for row in preview.rows] == [RowOutcome.NEW, RowOutcome.SAME]
    summary = import_roster(sales_and_bo, preview).value
    assert checks == [2]
    assert len(summary.created) == 1 and summary.unchanged == 1
    assert person_by_email(sales_and_bo, "ana@example.com").title == "Account Executive"


def test_a_person_added_after_the_preview_is_updated_not_doubled(
    sales_and_bo: Plan, roster: Path, checks: list[int]
) -> None:
    """Someone adds Ana by hand between preview and import: the import finds her and updates her."""
    preview = preview_roster(sales_and_bo, roster)
    sales = next(item for item in services.find(sales_and_bo, K.FUNCTION) if item.name == "Sales")
    ana = services.create(
        sales_and_bo, K.PERSON, name="Ana Lima", email="ANA@example.com", title="Intern", function_id=sales.id
    ).value
    summary = import_roster(sales_and_bo, preview).value
    assert checks == [2, 2]
    assert summary.created == () and summary.updated == (ana.id,)
    assert person_by_email(sales_and_bo, "ana@example.com").title == "Account Executive"
    assert services.counts(sales_and_bo)[K.PERSON] == 2


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda plan, bo: services.delete(plan, K.PERSON, bo.id), id="person-removed"),
        pytest.param(
            lambda plan, bo: services.update(plan, K.PERSON, bo.id, title="Head of Product"),
            id="person-edited",
        ),
        pytest.param(
            lambda plan, bo: services.undo(plan, services.update(plan, K.PERSON, bo.id, title="Head")),
            id="edited-and-undone",
        ),
    ],
)
def test_any_change_to_people_since_the_preview_is_seen(
    sales_and_bo: Plan, roster: Path, checks: list[int], change: Callable[[Plan, Any], object]
) -> None:
    """Bo removed, retitled, or retitled and back after the preview: the import checks again and
    leaves the plan as the roster says, with Bo as a product manager."""
    preview = preview_roster(sales_and_bo, roster)
    change(sales_and_bo, person_by_email(sales_and_bo, "bo@example.com"))
    import_roster(sales_and_bo, preview)
    assert checks == [2, 2]
    assert person_by_email(sales_and_bo, "bo@example.com").title == "Product Manager"


def test_a_change_from_another_window_is_seen(sales_and_bo: Plan, roster: Path, checks: list[int]) -> None:
    """Another window on the same plan adds Ana meanwhile: the import counts her as an update."""
    preview = preview_roster(sales_and_bo, roster)
    with services.open_existing(sales_and_bo.location) as other:
        sales = next(item for item in services.find(other, K.FUNCTION) if item.name == "Sales")
        services.create(other, K.PERSON, name="Ana Lima", email="ana@example.com", function_id=sales.id)
    summary = import_roster(sales_and_bo, preview).value
    assert checks == [2, 2]
    assert summary.created == () and len(summary.updated) == 1


def test_a_conflict_made_after_the_preview_stops_the_import(
    plan: Plan, tmp_path: Path, checks: list[int]
) -> None:
    """A row that needs a function matched a person by name at preview; that person is gone, so the
    row would make a new person without a function: refused, nothing changed."""
    product = services.create(plan, K.FUNCTION, name="Product", colour="#cf6a1f").value
    cy = services.create(plan, K.PERSON, name="Cy Chan", function_id=product.id).value
    path = tmp_path / "roster.csv"
    path.write_text("Name,Job Title\r\nCy Chan,Designer\r\n", encoding="utf-8")
    preview = preview_roster(plan, path)
    assert preview.ok and preview.rows[0].outcome is RowOutcome.UPDATE
    services.delete(plan, K.PERSON, cy.id)
    with pytest.raises(RosterImportError, match="A new person needs a function"):
        import_roster(plan, preview)
    assert services.counts(plan)[K.PERSON] == 0


def test_imported_people_never_take_the_number_of_someone_removed(plan: Plan, tmp_path: Path) -> None:
    """The plan numbers people without reuse: the newest person removed, an import after it, then
    Undo of the removal brings that person back under their own number, beside the imported ones."""
    product = services.create(plan, K.FUNCTION, name="Product", colour="#cf6a1f").value
    cy = services.create(plan, K.PERSON, name="Cy Chan", email="cy@example.com", function_id=product.id).value
    removal = services.delete(plan, K.PERSON, cy.id)
    path = tmp_path / "roster.csv"
    path.write_text("Name,Work Email,Department\r\nAna Lima,ana@example.com,Product\r\n", encoding="utf-8")
    summary = import_roster(plan, preview_roster(plan, path)).value
    assert summary.created and cy.id not in summary.created
    services.undo(plan, removal)
    assert {person.email for person in services.find(plan, K.PERSON)} == {"cy@example.com", "ana@example.com"}
    assert person_by_email(plan, "cy@example.com").id == cy.id
