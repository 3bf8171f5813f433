"""Where plans live: SQLAlchemy tables, plan files, migrations and sessions."""

from smarket_planner.storage.store import PlanStore, create_plan, open_plan

__all__ = ["PlanStore", "create_plan", "open_plan"]
