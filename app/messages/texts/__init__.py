"""The sentences of the catalogue, one module per part of the service: each holds ``TEXTS``,
key → (English, Dutch)."""
