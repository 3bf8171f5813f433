"""How each kind of thing is stored: its table, what it refers to, what must be unique."""

from __future__ import annotations

from sqlalchemy import Table

from smarket_planner.domain.records import EntityKind
from smarket_planner.storage import model
from smarket_planner.storage.base import Base

K = EntityKind

ROWS: dict[EntityKind, type[Base]] = {
    K.FUNCTION: model.FunctionRow,
    K.PERSON: model.PersonRow,
    K.TASK_FORCE: model.TaskForceRow,
    K.MEMBERSHIP: model.MembershipRow,
    K.OPEN_ROLE: model.OpenRoleRow,
    K.GOAL: model.GoalRow,
    K.KPI: model.KpiRow,
    K.CHECK_IN: model.CheckInRow,
    K.ACTIVITY: model.ActivityRow,
    K.RACI: model.RaciRow,
    K.DELIVERABLE: model.DeliverableRow,
    K.DEPENDENCY: model.DependencyRow,
    K.RISK: model.RiskRow,
    K.DECISION: model.DecisionRow,
    K.QUESTION: model.QuestionRow,
    K.LESSON: model.LessonRow,
    K.CREDIT: model.CreditRow,
    K.VIEW_POSITION: model.ViewPositionRow,
}

# The kind a table's rows belong to; a link table's rows belong to their owner.
TABLE_KINDS: dict[str, tuple[EntityKind, str]] = {
    row.__tablename__: (kind, "id") for kind, row in ROWS.items()
}
TABLE_KINDS.update(
    goal_owner=(K.GOAL, "goal_id"),
    kpi_owner=(K.KPI, "kpi_id"),
    decision_commitment=(K.DECISION, "decision_id"),
    lesson_function=(K.LESSON, "lesson_id"),
)

# Fields that hold several ids, kept in a link table: (table, owner column, member column).
LINKS: dict[tuple[EntityKind, str], tuple[Table, str, str]] = {
    (K.GOAL, "owner_function_ids"): (model.goal_owner, "goal_id", "function_id"),
    (K.KPI, "owner_function_ids"): (model.kpi_owner, "kpi_id", "function_id"),
    (K.DECISION, "committed_person_ids"): (model.decision_commitment, "decision_id", "person_id"),
    (K.LESSON, "function_ids"): (model.lesson_function, "lesson_id", "function_id"),
}
# The row's relationship that reads each of those lists.
LINKED: dict[tuple[EntityKind, str], str] = {
    (K.GOAL, "owner_function_ids"): "owners",
    (K.KPI, "owner_function_ids"): "owners",
    (K.DECISION, "committed_person_ids"): "committed",
    (K.LESSON, "function_ids"): "functions",
}

# What each reference field points at.
REFERENCES: dict[str, EntityKind] = {
    "function_id": K.FUNCTION,
    "person_id": K.PERSON,
    "sponsor_id": K.PERSON,
    "lead_id": K.PERSON,
    "owner_id": K.PERSON,
    "raised_by_id": K.PERSON,
    "decided_by_id": K.PERSON,
    "asked_by_id": K.PERSON,
    "answerer_id": K.PERSON,
    "accountable_id": K.PERSON,
    "task_force_id": K.TASK_FORCE,
    "reformed_from_id": K.TASK_FORCE,
    "goal_id": K.GOAL,
    "kpi_id": K.KPI,
    "activity_id": K.ACTIVITY,
    "upstream_id": K.DELIVERABLE,
    "downstream_id": K.DELIVERABLE,
    "owner_function_ids": K.FUNCTION,
    "committed_person_ids": K.PERSON,
    "function_ids": K.FUNCTION,
}

# Fields whose values must be unique together, and the message when they are not.
UNIQUE: dict[EntityKind, list[tuple[tuple[str, ...], str]]] = {
    K.FUNCTION: [(("name",), "There is already a function called '{name}'.")],
    K.PERSON: [(("email",), "Someone in the roster already has the e-mail {email}.")],
    K.TASK_FORCE: [(("name",), "There is already a task force called '{name}'.")],
    K.MEMBERSHIP: [(("task_force_id", "person_id"), "{person} is already on this task force.")],
    K.RACI: [
        (("activity_id", "function_id"), "That function already has a letter on this activity."),
        (("activity_id", "person_id"), "That person already has a letter on this activity."),
    ],
    K.DEPENDENCY: [
        (("upstream_id", "downstream_id"), "These deliverables are already linked."),
    ],
    K.VIEW_POSITION: [(("view", "node_key"), "That node already has a place in this graph.")],
}

# Names compared by the folded key stored beside them, so "sales" and "SALES" are one function.
CASELESS = {"name": "name_key"}

# How a blocking reference reads in a message: "lead of 2 task forces".
HOLDS: dict[tuple[str, str], tuple[str, str]] = {
    ("person", "function_id"): ("the function of {n} person", "the function of {n} people"),
    ("task_force", "sponsor_id"): ("sponsor of {n} task force", "sponsor of {n} task forces"),
    ("task_force", "lead_id"): ("lead of {n} task force", "lead of {n} task forces"),
    ("kpi", "accountable_id"): ("accountable for {n} KPI", "accountable for {n} KPIs"),
    ("deliverable", "owner_id"): ("owner of {n} deliverable", "owner of {n} deliverables"),
    ("risk", "owner_id"): ("owner of {n} risk", "owner of {n} risks"),
    ("risk", "raised_by_id"): ("the one who raised {n} risk", "the one who raised {n} risks"),
    ("decision", "decided_by_id"): ("the maker of {n} decision", "the maker of {n} decisions"),
    ("question", "asked_by_id"): ("the one who asked {n} question", "the one who asked {n} questions"),
    ("question", "answerer_id"): ("the one to answer {n} question", "the one to answer {n} questions"),
    ("credit", "person_id"): ("thanked in {n} credit", "thanked in {n} credits"),
    ("credit", "function_id"): ("thanked in {n} credit", "thanked in {n} credits"),
    ("open_role", "function_id"): ("wanted by {n} open role", "wanted by {n} open roles"),
}

# The field that names a thing in messages and undo labels.
NAME_FIELDS: dict[EntityKind, str] = {
    K.FUNCTION: "name",
    K.PERSON: "name",
    K.TASK_FORCE: "name",
    K.GOAL: "title",
    K.KPI: "title",
    K.ACTIVITY: "name",
    K.DELIVERABLE: "title",
    K.RISK: "title",
    K.DECISION: "title",
    K.QUESTION: "question",
    K.LESSON: "title",
    K.CREDIT: "for_what",
    K.OPEN_ROLE: "title",
}
