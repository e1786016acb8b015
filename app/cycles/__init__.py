"""Cycles and talks: the regulation's calendar (Article 2), computed, enforced and queryable."""
