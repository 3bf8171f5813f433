"""The navigator: the list of task forces with their status and health, and what its menu does to one."""
