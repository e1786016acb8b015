"""A message: a key of the catalogue and its arguments, rendered in a language when a problem
is written (English unless the caller prefers Dutch, ``app/api/language.py``).

An argument may itself be a message, a :class:`Term` (an identifier such as a talk kind or a
status, in the words of the language), a :class:`Joined` list, or a list of messages (whole
sentences, joined by a space): each is rendered in the same language. Anything else is
formatted as it is (numbers, dates, ids, codes).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from app.messages.catalogue import CATALOGUE
from app.messages.terms import TERMS

LANGUAGES = ("en", "nl")
DEFAULT_LANGUAGE = "en"


def _column(language: str) -> int:
    return LANGUAGES.index(language) if language in LANGUAGES else 0


def render_value(value: Any, language: str) -> Any:
    """An argument as it appears in a sentence of ``language``."""
    if isinstance(value, Message | Term | Joined):
        return value.render(language)
    if isinstance(value, list | tuple):
        return " ".join(str(render_value(item, language)) for item in value)
    return value


@dataclass(frozen=True)
class Message:
    """A sentence of the catalogue (``key``) with its named arguments."""

    key: str
    args: Mapping[str, Any] = field(default_factory=dict)

    def render(self, language: str = DEFAULT_LANGUAGE) -> str:
        template = CATALOGUE[self.key][_column(language)]
        values = {name: render_value(value, language) for name, value in self.args.items()}
        return template.format_map(values)

    def __str__(self) -> str:
        return self.render(DEFAULT_LANGUAGE)


@dataclass(frozen=True)
class Term:
    """An identifier of the API (``planning``, ``held``) inside a sentence: as it is in English,
    in the language's own word elsewhere (``planningsgesprek``, ``gehouden``)."""

    table: str
    value: str

    def render(self, language: str = DEFAULT_LANGUAGE) -> str:
        words = TERMS[self.table].get(str(self.value))
        return words[_column(language)] if words else str(self.value)


@dataclass(frozen=True)
class Joined:
    """Several values in one place of a sentence, with a separator that may be a message
    itself (``or``: ``of``)."""

    items: tuple[Any, ...]
    separator: Message | str = ", "

    def render(self, language: str = DEFAULT_LANGUAGE) -> str:
        between = render_value(self.separator, language)
        return str(between).join(str(render_value(item, language)) for item in self.items)


def msg(key: str, **args: Any) -> Message:
    """The catalogue's message ``key`` with ``args`` for its placeholders."""
    if key not in CATALOGUE:
        raise KeyError(f"no message {key!r} in the catalogue (app/messages/)")
    return Message(key, args)


def term(table: str, value: str) -> Term:
    """``value`` of the term table ``table`` (talk kinds, statuses …) in a sentence."""
    if table not in TERMS:
        raise KeyError(f"no term table {table!r} (app/messages/terms.py)")
    return Term(table, str(value))


def joined(items: Iterable[Any], separator: Message | str = ", ") -> Joined:
    return Joined(tuple(items), separator)
