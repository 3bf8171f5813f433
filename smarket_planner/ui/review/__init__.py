"""The review of a task force: a guided dialog from the KPI scorecard through goals and work, lessons and
credits to the open questions, opened when a team disperses and whenever asked after."""
