"""Cycles and talks: the regulation's calendar (Article 2), computed, enforced and queryable.

Importing the package registers its part in the use cases of the packages below it
(app/hooks.py): re-planning the cycles of synced employees.
"""

from app.cycles.materialise import sync_employees
from app.people.hooks import replan_cycles

replan_cycles.register(sync_employees)
