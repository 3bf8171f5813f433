"""Which column of an HR roster holds what: headings matched as HR systems write them, or as told."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from smarket_planner.domain.errors import DomainError
from smarket_planner.services.exchange.roster_files import RosterLine, RosterTable

HEADER_SEARCH = 20  # the heading row is looked for among the first rows that are not blank


class RosterField(StrEnum):
    """What a roster column can hold."""

    NAME = "name"
    FIRST_NAME = "first_name"
    LAST_NAME = "last_name"
    EMAIL = "email"
    TITLE = "title"
    FUNCTION = "function"
    LOCATION = "location"
    CAPACITY = "capacity"
    FTE = "fte"
    HOURS = "hours"
    SKILLS = "skills"

    @property
    def label(self) -> str:
        """The field as a manager reads it."""
        return FIELD_LABELS[self]


FIELD_LABELS = {
    RosterField.NAME: "Full name",
    RosterField.FIRST_NAME: "First name",
    RosterField.LAST_NAME: "Last name",
    RosterField.EMAIL: "Work e-mail",
    RosterField.TITLE: "Job title",
    RosterField.FUNCTION: "Function (department)",
    RosterField.LOCATION: "Location",
    RosterField.CAPACITY: "Capacity %",
    RosterField.FTE: "FTE",
    RosterField.HOURS: "Hours per week",
    RosterField.SKILLS: "Skills",
}
IGNORED = ("ignore", "skip", "none", "-")  # what --map takes for "leave this column out"

# Headings as HR systems write them (after tidying: lower case, no accents, words only), best first.
HEADINGS: dict[RosterField, tuple[str, ...]] = {
    RosterField.NAME: (
        "name", "full name", "preferred name", "display name", "employee name", "worker",
        "employee", "person", "person name", "legal name", "employee full name", "worker name",
        "team member", "staff member", "mitarbeiter", "nom complet",
    ),
    RosterField.FIRST_NAME: (
        "first name", "given name", "firstname", "forename", "preferred first name",
        "legal first name", "first", "vorname", "prenom", "nombre",
    ),
    RosterField.LAST_NAME: (
        "last name", "surname", "family name", "lastname", "legal last name",
        "preferred last name", "last", "nachname", "nom", "apellido", "apellidos",
    ),
    RosterField.EMAIL: (
        "work email", "email", "business email", "work email address", "email address",
        "primary work email", "corporate email", "company email", "office email", "mail",
        "e mail", "work e mail", "e mail address", "email work", "courriel",
    ),
    RosterField.TITLE: (
        "job title", "title", "business title", "position", "position title", "job", "job name",
        "job profile", "role", "designation", "stelle", "berufsbezeichnung", "poste", "fonction",
    ),
    RosterField.FUNCTION: (
        "function", "department", "dept", "department name", "team", "business function",
        "supervisory organization", "organization", "organisation", "org unit", "division",
        "business unit", "unit", "abteilung", "departement", "service",
    ),
    RosterField.LOCATION: (
        "location", "work location", "office", "office location", "site", "city", "work site",
        "primary work location", "location name", "country", "standort", "lieu",
    ),
    RosterField.CAPACITY: (
        "capacity", "capacity %", "capacity pct", "capacity percent", "availability",
        "available %", "availability %",
    ),
    RosterField.FTE: (
        "fte", "fte %", "full time equivalent", "scheduled fte", "fte percent", "working time %",
        "employment percentage", "beschaftigungsgrad",
    ),
    RosterField.HOURS: (
        "hours per week", "weekly hours", "scheduled weekly hours", "standard hours",
        "contracted hours", "working hours", "hours", "default weekly hours", "wochenstunden",
    ),
    RosterField.SKILLS: (
        "skills", "skill tags", "expertise", "skill", "skill set", "skillset", "key skills", "skills tags",
        "areas of expertise", "competencies", "competences", "specialties", "specialities", "kenntnisse",
        "fahigkeiten", "kompetenzen",
    ),
}  # fmt: skip
_WORDS = re.compile(r"[^\w%]+")
_INDEX = {_tidy: (field, rank) for field, names in HEADINGS.items() for rank, _tidy in enumerate(names)}


class ColumnChoiceError(DomainError):
    """A column cannot be matched as asked."""


def tidy_heading(text: str) -> str:
    """A heading reduced to its words: lower case, accents and punctuation gone."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    # "#" is a number ("Employee #", BambooHR's first column), not a word to drop.
    plain = plain.replace("%", " % ").replace("#", " number ")
    return " ".join(_WORDS.sub(" ", plain.casefold()).replace("_", " ").split())


def match_heading(text: str) -> tuple[RosterField, int] | None:
    """The field a heading names, with how surely (lower is surer), or None."""
    tidy = tidy_heading(text)
    if tidy in _INDEX:
        return _INDEX[tidy]
    words = set(tidy.split())
    # Longer headings: "Employee Work Email", "Home Department Name", "Personal e-mail" (left out).
    if words & {"personal", "private", "home", "manager", "supervisor", "id", "number", "no", "code"}:
        return None
    for field, keys in _LOOSE:
        if keys <= words and not (field is RosterField.NAME and words & _NOT_PEOPLE):
            return field, 50
    return None


# "Cost Center Name", "Company Name", "Team Name": names, but not a person's.
_NOT_PEOPLE = frozenset(
    {
        "company", "cost", "center", "centre", "division", "department", "dept", "unit", "org",
        "organization", "organisation", "entity", "team", "group", "location", "site", "office",
        "city", "country", "region", "job", "position", "project", "product", "customer", "client",
        "account", "user", "file", "business", "plan", "course",
    }
)  # fmt: skip


_LOOSE: tuple[tuple[RosterField, frozenset[str]], ...] = (
    (RosterField.EMAIL, frozenset({"email"})),
    (RosterField.EMAIL, frozenset({"e", "mail"})),
    (RosterField.FIRST_NAME, frozenset({"first", "name"})),
    (RosterField.LAST_NAME, frozenset({"last", "name"})),
    (RosterField.TITLE, frozenset({"title"})),
    (RosterField.FUNCTION, frozenset({"department"})),
    (RosterField.LOCATION, frozenset({"location"})),
    (RosterField.FTE, frozenset({"fte"})),
    (RosterField.HOURS, frozenset({"hours"})),
    (RosterField.SKILLS, frozenset({"skills"})),
    (RosterField.SKILLS, frozenset({"expertise"})),
    (RosterField.NAME, frozenset({"name"})),
)


@dataclass(frozen=True, slots=True)
class ColumnPlan:
    """The roster's heading row and the field each of its columns goes to (None: left alone)."""

    heading_row: int
    headings: tuple[str, ...]
    fields: tuple[RosterField | None, ...]

    def column_of(self, field: RosterField) -> int | None:
        """The column (from 0) that holds a field, if any."""
        return self.fields.index(field) if field in self.fields else None

    def heading(self, column: int) -> str:
        """A column's heading, or its spreadsheet letter when it has none."""
        text = self.headings[column] if column < len(self.headings) else ""
        return text or f"column {column_letter(column)}"

    def names_people(self) -> bool:
        """Whether some column gives each person's name."""
        return any(
            field in self.fields
            for field in (RosterField.NAME, RosterField.FIRST_NAME, RosterField.LAST_NAME)
        )


def column_letter(column: int) -> str:
    """A column's letter as spreadsheets show it: 0 -> A, 26 -> AA."""
    letters = ""
    column += 1
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def find_heading_row(table: RosterTable) -> RosterLine:
    """The row of headings: the one with the most known ones, at least two (title rows above are skipped).

    The most, not the first: a workbook's group headings above the real ones ("Employee" merged
    over first and last name, "Job" over title and department) name two fields as well.
    """
    candidates = table.lines[:HEADER_SEARCH]
    best, best_known = candidates[0], 1
    for line in candidates:
        known = len({match[0] for cell in line.cells if (match := match_heading(cell))})
        if known > best_known:
            best, best_known = line, known
    return best


def plan_columns(table: RosterTable, chosen: Mapping[str, str] | None = None) -> ColumnPlan:
    """Match each column to a field by its heading, then apply the matches chosen by hand."""
    line = find_heading_row(table)
    headings = line.cells
    fields: list[RosterField | None] = [None] * len(headings)
    best: dict[RosterField, tuple[int, int]] = {}  # field -> (rank, column)
    for column, heading in enumerate(headings):
        match = match_heading(heading)
        if match is None:
            continue
        field, rank = match
        if field not in best or rank < best[field][0]:
            best[field] = (rank, column)
    for field, (_rank, column) in best.items():
        fields[column] = field
    for column_text, field_text in (chosen or {}).items():
        column = choose_column(headings, column_text)
        wanted = choose_field(field_text)
        if wanted is not None and wanted in fields:
            fields[fields.index(wanted)] = None  # the column chosen by hand takes the field over
        fields[column] = wanted
    return ColumnPlan(line.number, tuple(headings), tuple(fields))


def choose_column(headings: Sequence[str], text: str) -> int:
    """The column a --map names: by its heading (any case) or its spreadsheet letter."""
    wanted = " ".join(text.split()).casefold()
    for column, heading in enumerate(headings):
        if " ".join(heading.split()).casefold() == wanted:
            return column
    if wanted.isalpha() and wanted.isascii() and len(wanted) <= 3:
        column = 0
        for letter in wanted.upper():
            column = column * 26 + ord(letter) - ord("A") + 1
        if column <= len(headings):
            return column - 1
    shown = ", ".join(f"'{heading}'" for heading in headings if heading)
    raise ColumnChoiceError(f"The roster has no column '{text}'; its columns are {shown}.")


def choose_field(text: str) -> RosterField | None:
    """The field a --map names (``ignore`` for none); any case, spaces or dashes for underscores."""
    tidy = "_".join(text.strip().casefold().replace("-", " ").split())
    if tidy in IGNORED or not tidy:
        return None
    for field in RosterField:
        if tidy in (field.value, tidy_heading(field.label).replace(" ", "_")):
            return field
    match = match_heading(text)
    if match is not None:
        return match[0]
    known = ", ".join(field.value for field in RosterField)
    raise ColumnChoiceError(f"'{text}' is not a roster field; the fields are {known}, or ignore.")


def parse_map(pairs: Sequence[str]) -> dict[str, str]:
    """Read ``COLUMN=FIELD`` choices as given on the command line."""
    chosen: dict[str, str] = {}
    for pair in pairs:
        column, sign, field = pair.rpartition("=")
        if not sign or not column.strip():
            raise ColumnChoiceError(
                f"'{pair}' is not a column choice; write it as COLUMN=FIELD, e.g. 'Dept=function'."
            )
        chosen[column.strip()] = field.strip()
    return chosen
