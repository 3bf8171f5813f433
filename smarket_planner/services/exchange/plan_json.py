"""The whole plan as one JSON file in a published, versioned format, with things named as people name them.

This module holds the format (its fields, its schema and what a breach of the schema means in a
manager's words) and writes plans out; :mod:`~smarket_planner.services.exchange.plan_json_read`
reads them back in. The format is described for people in ``docs/plan-json.md``. The same plan
always gives the same text, so a plan exported, imported into an empty plan and exported again
gives the same bytes.
"""

from __future__ import annotations

import json
import logging
import unicodedata
from collections.abc import Sequence
from datetime import date
from enum import StrEnum
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError as SchemaError
from sqlalchemy import select
from sqlalchemy.orm import Session

from smarket_planner.analysis.graph_model import GraphKind, node_key
from smarket_planner.domain import rules
from smarket_planner.domain.errors import PlanFileError
from smarket_planner.domain.fields import field_label
from smarket_planner.domain.records import EntityKind
from smarket_planner.domain.whole_file import whole_file
from smarket_planner.services.actions.catalog import LINKS, NAME_FIELDS, REFERENCES, ROWS
from smarket_planner.services.actions.plan import Plan
from smarket_planner.services.views.graph_view import view_name
from smarket_planner.storage.model import PlanMeta

K = EntityKind
FORMAT = "smarket-planner-plan"
SCHEMA_VERSION = 1  # raised only when a reader of the old format would misread a new file

# The fields of each kind as written in the file, in the order written. A reference is named
# for what it points at ("lead", not "lead_id"); its database field is in REFERENCE_FIELDS.
FIELDS: dict[EntityKind, tuple[str, ...]] = {
    K.FUNCTION: ("name", "colour", "description"),
    K.PERSON: ("name", "email", "function", "title", "location", "capacity_pct", "skills"),
    K.TASK_FORCE: (
        *("name", "kind", "status", "objective", "why", "sponsor", "lead"),
        *("start_date", "end_date", "rhythm", "reformed_from"),
    ),
    K.MEMBERSHIP: ("person", "role", "allocation_pct", "start_date", "end_date"),
    K.OPEN_ROLE: ("function", "title", "role", "allocation_pct", "start_date", "end_date", "skills", "note"),
    K.GOAL: ("title", "description", "owners"),
    K.KPI: (
        *("title", "unit", "baseline", "target", "direction", "start_date", "due_date"),
        *("weight", "incentive_pct", "commitment", "accountable", "owners"),
    ),
    K.CHECK_IN: ("checked_on", "value", "confidence", "note"),
    K.ACTIVITY: ("name", "description"),
    K.RACI: ("letter", "function", "person"),
    K.DELIVERABLE: ("title", "owner", "duration_days", "start_date", "due_date", "status", "finished_on"),
    K.DEPENDENCY: ("upstream", "downstream", "kind"),
    K.RISK: (
        *("title", "description", "severity", "likelihood", "status"),
        *("owner", "raised_by", "raised_on", "mitigation"),
    ),
    K.DECISION: ("title", "decided_on", "decided_by", "data", "reasoning", "committed", "standing"),
    K.QUESTION: ("question", "asked_by", "answerer", "due_on", "answer", "evidence", "answered_on"),
    K.LESSON: (
        *("title", "outcome", "what_happened", "why", "evidence", "next_time"),
        *("functions", "tags", "recorded_on"),
    ),
    K.CREDIT: ("for_what", "person", "function"),
}
REFERENCE_FIELDS = {name: f"{name}_id" for name in ("function", "person", "sponsor", "lead", "owner")}
REFERENCE_FIELDS |= {
    name: f"{name}_id" for name in ("accountable", "raised_by", "decided_by", "reformed_from")
}
REFERENCE_FIELDS |= {"upstream": "upstream_id", "downstream": "downstream_id"}
REFERENCE_FIELDS |= {"asked_by": "asked_by_id", "answerer": "answerer_id"}
REFERENCE_FIELDS |= {"owners": "owner_function_ids", "committed": "committed_person_ids"}
REFERENCE_FIELDS |= {"functions": "function_ids"}
RHYTHM = ("frequency", "weekday", "time", "label")  # a task force's "rhythm": its rhythm_* fields
# The lists inside a thing: (name in the file, kind listed, the field that names the thing they sit in).
CHILDREN: dict[EntityKind, tuple[tuple[str, EntityKind, str], ...]] = {
    K.TASK_FORCE: tuple(
        (name, kind, "task_force_id")
        for name, kind in (
            ("memberships", K.MEMBERSHIP),
            ("open_roles", K.OPEN_ROLE),
            ("goals", K.GOAL),
            ("activities", K.ACTIVITY),
            ("deliverables", K.DELIVERABLE),
            ("risks", K.RISK),
            ("decisions", K.DECISION),
            ("questions", K.QUESTION),
            ("lessons", K.LESSON),
            ("credits", K.CREDIT),
        )
    ),
    K.GOAL: (("kpis", K.KPI, "goal_id"),),
    K.KPI: (("check_ins", K.CHECK_IN, "kpi_id"),),
    K.ACTIVITY: (("raci", K.RACI, "activity_id"),),
}
TOP_LISTS = {"functions": K.FUNCTION, "people": K.PERSON, "task_forces": K.TASK_FORCE}
# Every list of the file by its name, for saying where in the file something is.
LISTS: dict[str, EntityKind] = (
    TOP_LISTS
    | {name: kind for children in CHILDREN.values() for name, kind, _ in children}
    | {"dependencies": K.DEPENDENCY, "places": K.VIEW_POSITION}
)
NODE_KINDS = (K.PERSON, K.FUNCTION, K.TASK_FORCE, K.DELIVERABLE)  # what a node of a graph stands for
Where = tuple[tuple[EntityKind, int], ...]  # the lists a thing of the file sits in, and its place in each
KINDS_OF_VALUE = {"string": "text", "number": "a number", "integer": "a whole number", "array": "a list"}
KINDS_OF_VALUE |= {"object": "a group of named fields", "null": "empty", "boolean": "yes or no"}
LABELS = {"checked_on": "date", "raised_on": "date raised", "decided_on": "date decided"}
LABELS |= {"duration_days": "duration", "schema_version": "format version"}
LABELS |= {"finished_on": "date finished", "due_on": "date due", "answered_on": "date answered"}
LABELS |= {"recorded_on": "date recorded", "for_what": "reason for the thanks"}

_log = logging.getLogger(__name__)


@cache
def _schema_text() -> str:
    return resources.files(__package__).joinpath("plan.schema.json").read_text(encoding="utf-8")


def schema() -> dict[str, Any]:
    """The published JSON Schema (draft 2020-12) every plan file is checked against."""
    loaded: dict[str, Any] = json.loads(_schema_text())
    return loaded


@cache
def _validator() -> Draft202012Validator:
    """A validator of the published schema with its $defs written in place: the schema has no loops,
    and following a $ref for each of 60,000 rows would double the time a large plan takes to check."""
    published = schema()
    defs = published.pop("$defs")

    def in_place(node: Any) -> Any:
        if isinstance(node, list):
            return [in_place(part) for part in node]
        if not isinstance(node, dict):
            return node
        parts = {name: in_place(part) for name, part in node.items() if name != "$ref"}
        return in_place(defs[node["$ref"].removeprefix("#/$defs/")]) | parts if "$ref" in node else parts

    return Draft202012Validator(in_place(published), format_checker=Draft202012Validator.FORMAT_CHECKER)


def schema_problem(document: Any) -> str | None:
    """The first thing in a plan file the schema refuses, in a manager's words; None if all is well."""
    error = next(_validator().iter_errors(document), None)
    return None if error is None else _explain(error, document)


def shown(text: str, limit: int = 60) -> str:
    """Text from a file as a message echoes it: on one line, without invisible marks, not over-long."""
    visible = "".join(" " if unicodedata.category(c)[0] in "CZ" else c for c in text[: limit * 4])
    visible = " ".join(visible.split())
    return visible if len(visible) <= limit else visible[: limit - 1] + "…"


def where(trail: Where) -> str:
    """Where in the file a thing is: "task forces, item 2; deliverables, item 3"."""
    return "; ".join(f"{kind.plural}, item {number + 1}" for kind, number in trail)


def describe(kind: EntityKind, item: object, trail: Where) -> str:
    """A thing of the file as a message names it: "The person 'Ana Ruiz' (people, item 4)"."""
    name = item.get(NAME_FIELDS.get(kind, "")) if isinstance(item, dict) else None
    named = f" '{shown(name)}'" if isinstance(name, str) and shown(name) else ""
    return f"The {kind.label}{named} ({where(trail)})"


def _label(name: str) -> str:
    return LABELS.get(name) or field_label(name)


def _explain(error: SchemaError, document: Any) -> str:
    """What the schema found wrong, naming the thing, where it is in the file and the field."""
    trail: list[tuple[EntityKind, int]] = []
    item: Any = None
    rest: list[str | int] = []  # the steps from the thing down to the field
    node = document
    for step in error.absolute_path:
        if isinstance(step, int) and len(rest) == 1 and rest[0] in LISTS:
            trail.append((LISTS[str(rest[0])], step))
            item, rest = node[step], []
        else:
            rest.append(step)
        node = node[step]
    subject = describe(trail[-1][0], item, tuple(trail)) if trail else "The plan"
    label = " ".join(_label(step) if isinstance(step, str) else f"(item {step + 1})" for step in rest)
    the = f"{subject}: the {label}" if label else subject
    rule: Any = error.validator
    wanted: Any = error.validator_value
    value: Any = error.instance
    given = f" (not '{shown(value)}')" if isinstance(value, str) else ""
    if rule == "required":
        missing = next(name for name in wanted if name not in value)
        return f"{subject} has no {label + ' ' if label else ''}{_label(missing)}."
    if rule == "type" and not label:
        what = trail[-1][0].label if trail else "plan"
        return f"{subject} is not written as a {what}: give its fields in braces."
    if rule == "type":
        kinds: list[str] = wanted if isinstance(wanted, list) else [wanted]
        return f"{the} must be {' or '.join(KINDS_OF_VALUE.get(kind, kind) for kind in kinds)}."
    if rule == "enum":
        return f"{the} must be one of: {', '.join(str(one) for one in wanted if one is not None)}{given}."
    if rule == "format":
        return f"{the} must be a date such as 2026-03-31{given}."
    if rule == "maxLength":
        return f"{the} is too long ({len(value):,} characters; at most {wanted:,})."
    if rule == "minLength":
        return f"{the} cannot be empty."
    if rule in ("minimum", "maximum"):
        bounds: Any = error.schema
        low, high = bounds.get("minimum"), bounds.get("maximum")
        limits = f"from {low} to {high}" if high is not None else f"{low} or more"
        return f"{the} must be {limits} (not {shown(str(value), 20)})."
    if rule in ("oneOf", "anyOf"):
        how_many = "exactly" if rule == "oneOf" else "at least"
        names = ", ".join(field_label(one["required"][0]) for one in wanted)
        return f"{the} must name {how_many} one of: {names}."
    return f"{the} is not written as the plan format asks."


def shared_name_keys(naturals: Sequence[tuple[int, str]]) -> dict[int, str]:
    """Keys for the things, in id order, whose name another one has too: the first keeps it, the
    next are 'Sam Lee (2)', 'Sam Lee (3)', never a name or key another thing already goes by."""
    taken = {natural for _, natural in naturals}
    seen: set[str] = set()
    keys: dict[int, str] = {}
    for ident, natural in naturals:
        if natural not in seen:
            seen.add(natural)
            continue
        number = 2
        while f"{natural} ({number})" in taken:
            number += 1
        keys[ident] = f"{natural} ({number})"
        taken.add(keys[ident])
    return keys


def export_plan_json(plan: Plan) -> str:
    """The whole plan as JSON text: the same plan always gives the same text."""
    with plan.store.session() as session:
        document = _Export(session).document()
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def write_plan_json(plan: Plan, path: Path) -> None:
    """Write the whole plan to a JSON file; a file already there is replaced only once all is written."""
    text = export_plan_json(plan)
    path = Path(path)
    try:
        with whole_file(path) as draft:
            draft.write_bytes(text.encode("utf-8"))
    except OSError as error:
        raise PlanFileError(f"{path} cannot be written: {error.strerror or 'refused'}.") from None


def _plain(value: object) -> object:
    """A stored value as written in the file: enums by their value, dates as 2026-03-31."""
    if isinstance(value, StrEnum):
        return value.value
    if isinstance(value, date):
        return value.isoformat()
    return value


class _Export:
    """Every row of the plan, read once, and what each thing is called in the file."""

    def __init__(self, session: Session) -> None:
        self.rows: dict[EntityKind, list[dict[str, Any]]] = {}
        for kind, row in ROWS.items():
            table: Any = row.__table__
            found = session.execute(select(table).order_by(table.c.id)).mappings()
            self.rows[kind] = [dict(item) for item in found]
        self.links: dict[tuple[EntityKind, str], dict[int, list[int]]] = {}
        for (kind, field), (table, owner, member) in LINKS.items():
            members: dict[int, list[int]] = {}
            for pair in session.execute(select(table).order_by(table.c[owner], table.c[member])):
                members.setdefault(pair._mapping[owner], []).append(pair._mapping[member])
            self.links[(kind, field)] = members
        title = session.get(PlanMeta, "title")
        # Written as an import would keep it (a title made on the command line was never cleaned).
        raw = title.value if title is not None else ""
        self.title = rules.clean_text(raw, "title", max_length=len(raw))
        self.keys: dict[EntityKind, dict[int, str]] = {K.PERSON: {}, K.DELIVERABLE: {}}
        self.refs: dict[EntityKind, dict[int, Any]] = {}
        self._name_things()

    def _name_things(self) -> None:
        """People by key, e-mail or name; functions and task forces by name; deliverables by
        their task force and, within it, their key or title."""
        people = [(row["id"], row["email"] or row["name"]) for row in self.rows[K.PERSON]]
        self.keys[K.PERSON] = shared_name_keys(people)
        self.refs[K.PERSON] = {ident: self.keys[K.PERSON].get(ident, natural) for ident, natural in people}
        self.refs[K.FUNCTION] = {row["id"]: row["name"] for row in self.rows[K.FUNCTION]}
        self.refs[K.TASK_FORCE] = {row["id"]: row["name"] for row in self.rows[K.TASK_FORCE]}
        self.refs[K.DELIVERABLE] = {}
        for team, work in self._children(K.DELIVERABLE, "task_force_id").items():
            titles = [(row["id"], row["title"]) for row in work]
            keys = shared_name_keys(titles)
            self.keys[K.DELIVERABLE].update(keys)
            for ident, title in titles:
                ref = {"task_force": self.refs[K.TASK_FORCE][team], "deliverable": keys.get(ident, title)}
                self.refs[K.DELIVERABLE][ident] = ref

    def _children(self, kind: EntityKind, parent: str) -> dict[int, list[dict[str, Any]]]:
        grouped: dict[int, list[dict[str, Any]]] = {}
        for row in self.rows[kind]:
            grouped.setdefault(row[parent], []).append(row)
        return grouped

    def document(self) -> dict[str, Any]:
        """The plan as the file holds it."""
        document: dict[str, Any] = {"format": FORMAT, "schema_version": SCHEMA_VERSION, "title": self.title}
        nested = {
            kind: self._children(kind, parent)
            for children in CHILDREN.values()
            for _, kind, parent in children
        }
        for name, kind in TOP_LISTS.items():
            document[name] = [self._item(kind, row, nested) for row in self.rows[kind]]
        document["dependencies"] = [self._item(K.DEPENDENCY, row, nested) for row in self.rows[K.DEPENDENCY]]
        document["places"] = self._places()
        return document

    def _item(
        self, kind: EntityKind, row: dict[str, Any], nested: dict[EntityKind, dict[int, list[dict[str, Any]]]]
    ) -> dict[str, Any]:
        item: dict[str, Any] = {}
        if row["id"] in self.keys.get(kind, {}):
            item["key"] = self.keys[kind][row["id"]]
        for name in FIELDS[kind]:
            field = REFERENCE_FIELDS.get(name, name)
            if name == "rhythm":
                item[name] = {part: _plain(row[f"rhythm_{part}"]) for part in RHYTHM}
            elif (kind, field) in LINKS:
                targets = self.refs[REFERENCES[field]]
                item[name] = [targets[ident] for ident in self.links[(kind, field)].get(row["id"], [])]
            elif name in REFERENCE_FIELDS:
                if row[field] is not None or kind is not K.RACI:  # a RACI letter names only its holder
                    item[name] = None if row[field] is None else self.refs[REFERENCES[field]][row[field]]
            else:
                item[name] = _plain(row[field])
        for name, child, _ in CHILDREN.get(kind, ()):
            item[name] = [self._item(child, part, nested) for part in nested[child].get(row["id"], [])]
        return item

    def _places(self) -> list[dict[str, Any]]:
        """Places dragged in graphs, by graph and node named as in the rest of the file."""
        graphs: dict[str, tuple[GraphKind, str | None]] = {}
        for graph in GraphKind:
            graphs[view_name(graph)] = (graph, None)
            for ident, name in self.refs[K.TASK_FORCE].items():
                graphs[view_name(graph, ident)] = (graph, name)
        nodes = {
            node_key(kind, ident): {kind.value: ref}
            for kind in NODE_KINDS
            for ident, ref in self.refs[kind].items()
        }
        places, left_out = [], []
        for row in self.rows[K.VIEW_POSITION]:
            if row["view"] not in graphs or row["node_key"] not in nodes:
                left_out.append(row)
                continue
            graph, team = graphs[row["view"]]
            node = nodes[row["node_key"]]
            places.append(
                {"graph": graph.value, "task_force": team, "node": node, "x": row["x"], "y": row["y"]}
            )
        _report_left_out(left_out)
        return places


def _report_left_out(rows: Sequence[dict[str, Any]]) -> None:
    """Say which places were left out: those kept for things (or graphs) no longer in the plan."""
    gone = sorted({f"{row['view']} {row['node_key']}" for row in rows})
    if gone:
        _log.warning(
            "Left out %d place(s) in graphs kept for things or task forces no longer in the plan (%s).",
            len(rows),
            ", ".join(gone[:5]) + (", …" if len(gone) > 5 else ""),
        )
