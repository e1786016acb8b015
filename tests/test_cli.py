"""The goedgesprek command line."""

from __future__ import annotations

import pytest

from app.auth import TokenVerifier
from app.cli import main, parser
from app.config import get_settings


@pytest.fixture
def local_env(monkeypatch, tmp_path):
    monkeypatch.setenv("GOEDGESPREK_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("GOEDGESPREK_AUTH_MODE", raising=False)
    get_settings.cache_clear()
    yield tmp_path
    get_settings.cache_clear()


def test_token_for_a_person_verifies(local_env, capsys):
    assert main(["token", "--sub", "123456", "--role", "manager", "--role", "employee"]) == 0
    token = capsys.readouterr().out.strip()
    actor = TokenVerifier(get_settings()).verify(token)
    assert actor.kind == "person" and actor.subject == "123456"
    assert {r.value for r in actor.roles} == {"manager", "employee"}


def test_token_for_a_service_client_verifies(local_env, capsys):
    assert main(["token", "--client", "hris", "--scope", "people:write outcomes:read"]) == 0
    actor = TokenVerifier(get_settings()).verify(capsys.readouterr().out.strip())
    assert actor.kind == "client" and actor.scopes == {"people:write", "outcomes:read"}


def test_token_needs_exactly_one_of_sub_and_client(local_env, capsys):
    assert main(["token"]) == 2
    assert main(["token", "--sub", "1", "--client", "x"]) == 2


def test_token_refused_in_production_mode(local_env, monkeypatch):
    monkeypatch.setenv("GOEDGESPREK_AUTH_MODE", "jwks")
    get_settings.cache_clear()
    assert main(["token", "--sub", "1"]) == 2


def test_serve_refuses_to_start_in_production_mode_without_keys(local_env, monkeypatch, capsys):
    monkeypatch.setenv("GOEDGESPREK_AUTH_MODE", "jwks")
    monkeypatch.setenv("DATABASE_URL", "postgresql://unused@127.0.0.1:9/x")
    get_settings.cache_clear()
    assert main(["serve"]) == 2
    assert "refusing to start" in capsys.readouterr().err


def test_commands_exist():
    commands = parser()._subparsers._group_actions[0].choices
    assert {"serve", "migrate", "token"} <= set(commands)
