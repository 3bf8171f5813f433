"""The command's name and exit codes: 0 ok, 1 failed, 2 a usage error, 3 a plan or file unusable."""

PROGRAM = "smarket-planner"
EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_BAD_PLAN = 0, 1, 2, 3
