"""The one message catalogue of the service (issue 19): every problem's ``title`` and
``detail`` in English and in Dutch.

* ``app/messages/texts/`` — the sentences, one module per part of the service; each entry is a
  key (the problem's ``code``, or ``code.variant`` where a code has several sentences) and its
  English and Dutch templates with the same ``{named}`` placeholders.
* ``app/messages/terms.py`` — the identifiers that appear inside sentences (talk kinds,
  statuses …) in Dutch words.
* ``app/messages/message.py`` — :func:`msg`, the value a DomainError or a Refusal carries, and
  its rendering in a language.

Plain Python that imports nothing else of ``app``: every layer may use it (the lowest layer of
``pyproject.toml``'s import contracts).
"""

from app.messages.catalogue import CATALOGUE
from app.messages.message import (
    DEFAULT_LANGUAGE,
    LANGUAGES,
    Joined,
    Message,
    Term,
    joined,
    msg,
    term,
)
from app.messages.terms import TERMS

__all__ = [
    "CATALOGUE",
    "DEFAULT_LANGUAGE",
    "LANGUAGES",
    "TERMS",
    "Joined",
    "Message",
    "Term",
    "joined",
    "msg",
    "term",
]
