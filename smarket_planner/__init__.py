"""smarket_planner: plan cross-functional task forces that pull in one direction."""

__version__ = "0.1.0"
