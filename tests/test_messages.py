"""The message catalogue (issue 19): complete in English and Dutch, every sentence of a problem
comes from it, and the negotiation of the language from Accept-Language.

The HTTP side (Dutch problems from every path) is in ``tests/test_problem_language.py``."""

from __future__ import annotations

import ast
import string
from pathlib import Path

import pytest

import app.main  # noqa: F401  (every module of the service imported: all DomainErrors known)
from app.api.language import language_headers, preferred_language
from app.errors import DomainError, Refusal, invalid_count
from app.messages import CATALOGUE, LANGUAGES, TERMS, Message, joined, msg, term
from app.states import CycleStatus, RequestStatus, SuggestionStatus, TalkStatus

APP = Path(__file__).resolve().parent.parent / "app"
MESSAGES = APP / "messages"


def _placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def _modules():
    for path in sorted(APP.rglob("*.py")):
        if MESSAGES not in path.parents:
            yield path.relative_to(APP.parent), ast.parse(path.read_text(encoding="utf-8"))


def _called(node: ast.Call) -> str | None:
    func = node.func
    return func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)


def _msg_calls():
    for path, tree in _modules():
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and _called(node) == "msg":
                yield path, node


def _literal_keys(node: ast.expr) -> list[str] | None:
    """The key(s) a msg() call names: a literal, or a literal in each branch of ``a if c else
    b``; None for anything else."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        body, orelse = _literal_keys(node.body), _literal_keys(node.orelse)
        return body + orelse if body is not None and orelse is not None else None
    return None


# --- the catalogue ---------------------------------------------------------------------------


def test_every_message_has_english_and_dutch_with_the_same_placeholders():
    wrong = []
    for key, texts in CATALOGUE.items():
        if len(texts) != len(LANGUAGES) or not all(isinstance(t, str) for t in texts):
            wrong.append(f"{key}: not one text per language")
            continue
        english, dutch = texts
        if not english.strip() or not dutch.strip():
            wrong.append(f"{key}: empty text")
        if _placeholders(english) != _placeholders(dutch):
            wrong.append(f"{key}: {_placeholders(english)} ≠ {_placeholders(dutch)}")
    assert wrong == []


def test_every_message_is_used_and_every_used_key_is_in_the_catalogue():
    used, unreadable = set(), []
    for path, node in _msg_calls():
        keys = _literal_keys(node.args[0]) if node.args else None
        if keys is None:
            unreadable.append(f"{path}:{node.lineno}")
            continue
        used |= set(keys)
    # The titles of the error classes are used through ``title.<code>``.
    assert unreadable == [], "msg() keys are literals, so that they can be checked"
    assert sorted(used - CATALOGUE.keys()) == []
    assert sorted(CATALOGUE.keys() - used) == []


def test_every_msg_call_gives_exactly_the_placeholders_of_its_message():
    wrong = []
    for path, node in _msg_calls():
        keys = _literal_keys(node.args[0]) if node.args else None
        if keys is None or any(k.arg is None for k in node.keywords):  # **args: not readable
            continue
        given = {k.arg for k in node.keywords}
        for key in keys:
            wanted = _placeholders(CATALOGUE.get(key, ("",))[0])
            if given != wanted:
                wrong.append(f"{path}:{node.lineno} {key}: gives {given}, needs {wanted}")
    assert wrong == []


def test_term_tables_cover_the_states_that_appear_in_sentences():
    for table, states in [
        ("talk-status", TalkStatus),
        ("cycle-status", CycleStatus),
        ("request-status", RequestStatus),
        ("suggestion-status", SuggestionStatus),
    ]:
        assert {s.value for s in states} <= TERMS[table].keys(), table
    for table, words in TERMS.items():
        for value, texts in words.items():
            assert len(texts) == len(LANGUAGES) and all(t.strip() for t in texts), (table, value)


def test_term_tables_named_in_the_code_exist():
    named = {
        node.args[0].value
        for _, tree in _modules()
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and _called(node) == "term"
        and node.args
        and isinstance(node.args[0], ast.Constant)
    }
    assert named and named <= TERMS.keys()


# --- no sentence outside the catalogue -------------------------------------------------------


def _is_text(node: ast.expr | None) -> bool:
    """A sentence written in place: a string literal, an f-string, a concatenation or join of
    strings, ``"…".format(…)``, or a choice between such."""
    if node is None:
        return False
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str)
    if isinstance(node, ast.JoinedStr):
        return True
    if isinstance(node, ast.BinOp):
        return _is_text(node.left) or _is_text(node.right) or isinstance(node.op, ast.Mod)
    if isinstance(node, ast.IfExp):
        return _is_text(node.body) or _is_text(node.orelse)
    if isinstance(node, ast.BoolOp):
        return any(_is_text(v) for v in node.values)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        return node.func.attr in {"join", "format"} and _is_text(node.func.value)
    return False


def _error_classes() -> set[type]:
    found, todo = set(), [DomainError]
    while todo:
        cls = todo.pop()
        found.add(cls)
        todo.extend(cls.__subclasses__())
    return found | {Refusal}


def _message_names(tree: ast.Module) -> set[str]:
    """The names a module gives app.messages.Message (``Message``, or an alias)."""
    names = {"Message"}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == "app.messages":
            names |= {a.asname or a.name for a in node.names if a.name == "Message"}
    return names


def _message_parameters() -> dict[str, list[tuple[int, str]]]:
    """Everything in app/ called with a message: the error classes (their ``message``), and
    every function or method with a parameter annotated as a Message: name → [(position,
    parameter)], positions as a call passes them (a method's without ``self``)."""
    taking: dict[str, list[tuple[int, str]]] = {
        cls.__name__: [(0 if cls is not Refusal else 2, "message")] for cls in _error_classes()
    }
    for _, tree in _modules():
        message = _message_names(tree)
        for node in ast.walk(tree):
            if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            args = node.args.posonlyargs + node.args.args
            offset = 1 if args and args[0].arg in ("self", "cls") else 0
            for index, arg in enumerate([*args, *node.args.kwonlyargs]):
                annotation = ast.unparse(arg.annotation) if arg.annotation else ""
                if any(part in message for part in annotation.replace("|", " ").split()):
                    position = index - offset if index < len(args) else -1
                    taking.setdefault(node.name, []).append((position, arg.arg))
    return taking


def test_no_problem_detail_is_written_outside_the_catalogue():
    """Every DomainError and Refusal (and every helper that takes a message: problem_body,
    ``require_managing(what=…)`` …) is given ``msg(…)``, never a sentence in place: the one
    catalogue stays the one place of the service's sentences."""
    taking = _message_parameters()
    assert {"RuleViolation", "Refusal", "problem_body", "require_managing"} <= taking.keys()
    found = []
    for path, tree in _modules():
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or _called(node) not in taking:
                continue
            for position, name in taking[_called(node)]:
                given = next((k.value for k in node.keywords if k.arg == name), None)
                if given is None and 0 <= position < len(node.args):
                    given = node.args[position]
                if _is_text(given):
                    found.append(f"{path}:{node.lineno} {_called(node)}({ast.unparse(given)})")
    assert found == []


def test_a_domain_error_refuses_a_plain_string():
    with pytest.raises(TypeError):
        DomainError("a sentence outside the catalogue")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        Refusal("R6.3", "draft-not-shared", "The draft appraisal is not shared yet.")  # type: ignore[arg-type]


# --- rendering -------------------------------------------------------------------------------


def test_a_message_renders_in_english_by_default_and_in_dutch():
    message = msg("cycle-closed", status=term("cycle-status", "completed"))
    assert str(message) == "The cycle is completed; its talks can no longer change."
    assert message.render("nl") == (
        "De gesprekscyclus is afgerond; de gesprekken ervan kunnen niet meer veranderen."
    )
    assert message.render("de") == str(message)  # a language not offered: English


def test_arguments_that_are_messages_terms_or_lists_render_in_the_same_language():
    blockers = [msg("competency-set-missing"), msg("no-work-agreement")]
    message = msg("set-blocked.agreeing", blockers=blockers)
    assert message.render("en") == (
        "The set cannot be agreed yet: The competency set is not composed yet. "
        "The set has no active work agreement."
    )
    assert message.render("nl") == (
        "Over de afsprakenset kan nog geen akkoord worden gegeven: De competentieset is nog "
        "niet samengesteld. De afsprakenset heeft geen lopende werkafspraak."
    )
    wanted = joined(
        [msg("forbidden.needs-role", role="hr"), msg("forbidden.needs-scope", scope="x")],
        msg("or"),
    )
    needs = msg("forbidden.needs", wanted=wanted)
    assert str(needs) == "This needs role hr or scope x."
    assert needs.render("nl") == "Hiervoor is de rol hr of de scope x nodig."


def test_talk_kinds_in_dutch_sentences_are_dutch_words():
    message = msg("not-the-agreement-talk", kind=term("talk", "progress"), id="t-1")
    assert "the progress talk t-1" in str(message)
    assert "het voortgangsgesprek t-1" in message.render("nl")
    assert "progress" not in message.render("nl")


def test_an_unknown_key_or_term_table_is_refused_at_once():
    with pytest.raises(KeyError):
        msg("no-such-message")
    with pytest.raises(KeyError):
        term("no-such-table", "x")


def test_the_invalid_input_detail_is_translated():
    message = invalid_count(["a", "b", "c"])
    assert str(message) == "3 invalid parameter(s): a, b, c."
    assert message.render("nl") == "Ongeldige parameters (3): a, b, c."
    assert isinstance(message, Message)


# --- Accept-Language -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "language"),
    [
        (None, "en"),
        ("", "en"),
        ("nl", "nl"),
        ("NL", "nl"),
        ("nl-NL", "nl"),
        ("nl-BE", "nl"),
        ("en", "en"),
        ("en-GB", "en"),
        ("de", "en"),  # another language only: the default
        ("de, fr;q=0.5", "en"),
        ("de, nl;q=0.5", "nl"),  # Dutch is acceptable, English is not named
        ("en, nl", "en"),  # equal weight: the first listed
        ("nl, en", "nl"),
        ("en;q=0.8, nl", "nl"),
        ("nl;q=0.8, en", "en"),
        ("nl-NL, nl;q=0.9, en;q=0.8", "nl"),  # a browser's header
        ("en-US,en;q=0.9,nl;q=0.8", "en"),
        ("nl;q=0.9, en;q=0.9", "nl"),
        ("nl;q=0", "en"),  # refused
        ("nl;q=0, *", "en"),
        ("*", "en"),  # any language: the default
        ("*, nl", "en"),  # equal weight, the wildcard first
        ("nl, *", "nl"),
        ("nl;q=0.5, *", "en"),  # the wildcard (English among them) weighs more
        ("en;q=0, nl;q=0.1", "nl"),
        ("nl-BE;q=0.3, nl;q=0", "en"),  # the range without region counts first
        ("nl-NL;q=0.4, nl-BE;q=0.9, en;q=0.5", "nl"),  # the best regional range
        ("nl;q=1.5", "en"),  # malformed weight: the range is ignored
        ("nl;q=abc", "en"),
        ("nl;q=0.5000", "en"),  # more than three decimals
        ("nl;q=0.5, en;q=x", "nl"),  # the malformed range ignored, the other counts
        ("n1", "en"),
        ("nl_NL", "en"),
        (";;;,,,", "en"),
        ("nl;level=1", "nl"),  # other parameters are no weight
        ("   nl   ;   q=0.7  ", "nl"),
    ],
)
def test_accept_language_gives_dutch_only_when_it_ranks_above_english(header, language):
    assert preferred_language(header) == language


def test_language_headers_merge_vary():
    headers = {"vary": "Accept", "Allow": "GET"}
    language_headers("nl", headers)
    assert headers == {"Allow": "GET", "Content-Language": "nl", "Vary": "Accept, Accept-Language"}
    again = dict(headers)
    language_headers("nl", again)
    assert again["Vary"] == "Accept, Accept-Language"
    empty: dict[str, str] = {}
    language_headers("en", empty)
    assert empty == {"Content-Language": "en", "Vary": "Accept-Language"}
