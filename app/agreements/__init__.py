"""Agreements of a cycle (Articles 3-5): the competency set, the work, development and
career agreements and conditions, their weights, approvals and history.

Importing the package registers its part in the use cases of the packages below it
(app/hooks.py): a planning or progress talk is held only with its set agreed (R4.6, R5.2).
"""

from app.agreements.approvals import require_agreed
from app.cycles.hooks import holding_talk

holding_talk.register(require_agreed)
