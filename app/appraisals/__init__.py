"""Appraisals (Article 6): the ratings, the final rating, the procedure and its deadlines.

Importing the package registers its part in the use cases of the packages below it
(app/hooks.py): an appraisal talk is scheduled and held only a week after the draft was shared
(R6.3), and holding it moves the appraisal to ``held``.
"""

from app.appraisals.service import before_holding, before_scheduling
from app.cycles.hooks import holding_talk, scheduling_talk

scheduling_talk.register(before_scheduling)
holding_talk.register(before_holding)
