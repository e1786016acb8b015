"""Appraisals (Article 6): the ratings, the final rating, the procedure and its deadlines."""
