"""Errors a manager can cause or meet, each with a message that says what to do."""

from __future__ import annotations

from datetime import datetime


class DomainError(Exception):
    """Something the user asked for cannot be done; the message says why in plain words."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class ValidationError(DomainError):
    """A value is not acceptable; ``field`` names the input to mark."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


class LifecycleError(DomainError):
    """A task force cannot move to the status asked for."""


class NotFoundError(DomainError):
    """The thing named no longer exists in the plan (perhaps removed elsewhere)."""


class DuplicateError(DomainError):
    """The plan already holds something that must be unique (a name, a membership)."""


class InUseError(DomainError):
    """Removing this would take other people's work with it; reassign that first."""


class ConflictError(DomainError):
    """Someone else changed the same thing first; reload and try again."""


class StaleEditError(ConflictError):
    """Someone else changed (or removed) the thing since the user last saw it; their change is kept.

    ``kind`` and ``ident`` name the thing, ``version`` is the one it is at now (None if it is
    gone), ``changed_by`` and ``changed_at`` say who made the newer change and when.
    """

    def __init__(
        self,
        message: str,
        *,
        kind: str,
        ident: int,
        version: int | None = None,
        changed_by: str = "",
        changed_at: datetime | None = None,
    ) -> None:
        super().__init__(message)
        self.kind = kind
        self.ident = ident
        self.version = version
        self.changed_by = changed_by
        self.changed_at = changed_at


class CharterError(DomainError):
    """A charter could not be typeset: the PDF library stopped on some of its text."""


class ReadOnlyPlanError(DomainError):
    """The plan was opened read-only, so nothing can be changed."""


class PlanFileError(DomainError):
    """A plan file or database cannot be used as it is; it has been left untouched."""


class PlanExistsError(PlanFileError):
    """A new plan would replace a file that is already there."""


class PlanNotFoundError(PlanFileError):
    """There is no plan at the path given."""


class NotAPlanError(PlanFileError):
    """The file exists but is not a smarket_planner plan."""


class DamagedPlanError(PlanFileError):
    """The file looks like a plan but is damaged (for example, cut short)."""


class PlanInUseError(PlanFileError):
    """Another program holds the plan locked for now; nothing is wrong with the file."""


class PlanTooNewError(PlanFileError):
    """The plan was written by a newer smarket_planner than this one."""


class PlanNeedsUpgradeError(PlanFileError):
    """A shared plan database is at an older schema; ``smarket-planner upgrade`` brings it up to date."""


class PasswordNeededError(PlanFileError):
    """The database server asks for a password (or refused the one given) for a shared plan."""
