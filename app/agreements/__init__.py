"""Agreements of a cycle (Articles 3-5): the competency set, the work, development and
career agreements and conditions, their weights, approvals and history."""
