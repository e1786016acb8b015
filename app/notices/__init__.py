"""Notices (issue 17): the inbox of open tasks, reminders and the notices the regulation
requires, mailed in Dutch (or captured under `make run`). docs/events.md explains them."""
