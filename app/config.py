"""All settings of the service, read from the environment (prefix ``GOEDGESPREK_``)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, Field, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

API_VERSION = "0.7.0"
"""SemVer of the API; ``info.version`` of the OpenAPI document and the ``API-Version`` header."""

API_PREFIX = "/v1"


class AuthMode(StrEnum):
    local = "local"
    """HS256 tokens signed with a random secret kept in the data directory (development, demo)."""
    jwks = "jwks"
    """Production: RS256/ES256 tokens checked against a JWKS file or URL, issuer and audience."""


class Environment(StrEnum):
    development = "development"
    """The test clock may be set (HR, `goedgesprek clock`), for integrators and black-box tests."""
    production = "production"
    """Always the real date: setting the test clock is refused (403)."""


@dataclass(frozen=True)
class SchedulingConfig:
    """The configurable interpretations of the scheduling model (GOEDGESPREK_* settings)."""

    epoch_year: int = 2014  # T2.1
    period_years: int = 2  # T2.1
    joining_min_months: int = 6  # R2.7/T2.1: a shorter first cycle runs on to the next period
    bridging_min_months: int = 3  # T2.1: a shorter bridging cycle is not held
    progress_from_percent: int = 25  # R5.1: the middle half of the cycle
    progress_until_percent: int = 75
    planning_due_month: int = 5  # R4.1: 31 May of the cycle's first year
    planning_due_day: int = 31


DEFAULT_CONFIG = SchedulingConfig()


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="GOEDGESPREK_", extra="ignore")

    database_url: str | None = Field(
        default=None,
        validation_alias=AliasChoices("DATABASE_URL", "GOEDGESPREK_DATABASE_URL"),
        description="PostgreSQL 15+ DSN; when unset, an embedded PostgreSQL is started.",
    )
    data_dir: Path = Field(
        default=Path(".data"),
        description="Embedded PostgreSQL data (postgres/) and the local signing key.",
    )
    environment: Environment = Field(
        default=Environment.development,
        description="production: the real date always; local tokens, the test clock and the "
        "demo are refused.",
    )
    test_clock: bool = Field(
        default=False,
        description="HR may move the service's today (GET/PUT/DELETE /v1/clock); off unless "
        "set, refused in production mode.",
    )
    host: str = "127.0.0.1"
    port: int = 8000
    workers: int | None = Field(
        default=None,
        ge=1,
        le=64,
        description="Worker processes of `goedgesprek serve`; default: one per core in "
        "production mode, one otherwise.",
    )
    log_level: str = "INFO"
    # Issue 19: OpenTelemetry spans are made for W3C trace context; exported only when asked.
    trace_export: Literal["off", "console"] = "off"

    auth_mode: AuthMode | None = Field(
        default=None,
        description="Default: local with the embedded database, jwks when DATABASE_URL is set.",
    )
    jwt_issuer: str = "goedgesprek-local"
    jwt_audience: str = "goedgesprek"
    jwks_file: Path | None = None
    jwks_url: str | None = None
    # Issue 19: OpenID Connect discovery: the provider's issuer URL; its
    # .well-known/openid-configuration names the issuer to check and the keys (jwks_uri).
    oidc_issuer: str | None = None
    # The docs page's "Authorize" (issue 19): authorization code with PKCE at the provider, as
    # this public client (registered there with redirect URI <origin>/v1/docs/oauth2-redirect).
    docs_client_id: str | None = None
    docs_scopes: str = "openid"
    # Which claims carry what (dotted paths reach nested claims: realm_access.roles).
    claim_personnel_number: str = "sub"
    claim_roles: str = "roles"
    claim_scopes: str = "scope"
    claim_client_id: str = "client_id"
    jwt_algorithms: list[str] = ["RS256", "ES256"]
    token_ttl_minutes: int = 480

    # Rate limits (``limits`` notation, per worker process: app/api/limits.py).
    rate_limits: bool = True
    rate_limit_failed_auth_per_address: str = "30/minute"
    rate_limit_failed_auth_per_subject: str = "10/minute"
    rate_limit_person: str = "1200/minute"
    rate_limit_client: str = "12000/minute"

    # Events, webhooks and the worker (issue 17, docs/events.md).
    events_source: str = Field(
        default="urn:nld:oin:00000000000000000000:systeem:goedgesprek",
        pattern=r"^urn:[A-Za-z0-9][A-Za-z0-9-]{0,31}:\S+$",
        description="The CloudEvents `source` (NL GOV profile: urn:nld:oin:<OIN>:systeem:<name>).",
    )
    webhook_allow_private: bool = Field(
        default=False,
        description="Allow webhook URLs on loopback, private and link-local addresses (and "
        "plain http): for development and tests only; refused in production.",
    )
    webhook_timeout_seconds: float = Field(default=15.0, gt=0, le=60)
    webhook_retry_base_seconds: float = Field(
        default=15.0,
        gt=0,
        description="The first retry's delay; each next one waits four times longer (with "
        "jitter), up to a day, ten attempts in all: about three days.",
    )
    webhook_lease_seconds: float = Field(
        default=60.0,
        gt=0,
        description="How long a worker holds the deliveries it claimed; a worker that dies "
        "leaves them to another after this.",
    )
    webhook_concurrency: int = Field(
        default=32, ge=1, le=256, description="Deliveries in flight per worker, in all."
    )
    webhook_concurrency_per_receiver: int = Field(
        default=8, ge=1, le=64, description="Deliveries in flight per worker to one receiver."
    )
    worker_in_api: bool | None = Field(
        default=None,
        description="Run a job worker inside `goedgesprek serve` (default: outside production "
        "mode, so that `make run` is one command). Production runs `goedgesprek worker`.",
    )

    # Notifications to people (docs/events.md): SMTP, or captured when no host is set.
    smtp_host: str | None = Field(
        default=None,
        description="Unset: mails are captured (stored, readable in GET /v1/me/notifications) "
        "instead of sent, as under `make run`.",
    )
    smtp_port: int = Field(default=25, ge=1, le=65535)
    smtp_starttls: bool = False
    smtp_username: str | None = None
    smtp_password: str | None = None
    smtp_from: str = "goedgesprek <noreply@goedgesprek.invalid>"
    frontend_base_url: str = Field(
        default="http://localhost:5173",
        pattern=r"^https?://\S+$",
        description="Where the links in the mails point (the E-module's frontend).",
    )
    reminder_offsets: str = Field(
        default="-14,-3,0,+7!",
        pattern=r"^\s*[+-]?\d{1,3}!?(\s*,\s*[+-]?\d{1,3}!?)*\s*$",
        description="Days from a task's due date on which its reminder goes; `!` also tells "
        "whoever is above the person who must act (their manager).",
    )

    cors_origins: list[str] = []
    max_body_bytes: int = 1024 * 1024
    max_import_body_bytes: int = 16 * 1024 * 1024
    db_pool_size: int = 10
    db_pool_recycle_seconds: int = Field(default=1800, ge=1)
    db_statement_timeout_ms: int = 30_000
    reports_database_url: str | None = Field(
        default=None,
        description="The reports' database: a streaming read replica (issue 20); unset: "
        "DATABASE_URL. The report routes only, on a pool of their own.",
    )
    reports_pool_size: int = Field(default=2, ge=1, le=50)

    # The scheduling model's configurable interpretations (RULES.md, docs/rules.md).
    cycle_epoch_year: int = Field(default=2014, ge=1900, le=2200)  # T2.1
    cycle_period_years: int = Field(default=2, ge=1, le=10)  # T2.1
    joining_min_months: int = Field(default=6, ge=0, le=24)  # R2.7/T2.1: 6-month rule
    bridging_min_months: int = Field(default=3, ge=0, le=24)  # T2.1
    progress_from_percent: int = Field(default=25, ge=0, le=100)  # R5.1
    progress_until_percent: int = Field(default=75, ge=1, le=100)  # R5.1

    @field_validator(
        "rate_limit_failed_auth_per_address",
        "rate_limit_failed_auth_per_subject",
        "rate_limit_person",
        "rate_limit_client",
    )
    @classmethod
    def _a_rate(cls, value: str) -> str:
        from limits import parse

        try:
            parse(value)
        except ValueError as exc:
            raise ValueError(f"{value!r} is not a rate such as 1200/minute") from exc
        return value

    @field_validator("jwt_algorithms")
    @classmethod
    def _only_asymmetric(cls, value: list[str]) -> list[str]:
        allowed = {"RS256", "ES256"}
        bad = [alg for alg in value if alg not in allowed]
        if bad or not value:
            raise ValueError(f"jwt_algorithms must be a non-empty subset of {sorted(allowed)}")
        return value

    @model_validator(mode="after")
    def _default_auth_mode(self) -> Settings:
        # Local (self-signed) tokens are the default only with the embedded database: a service
        # on a real database must be told explicitly to trust tokens it mints itself.
        if self.auth_mode is None:
            self.auth_mode = AuthMode.jwks if self.database_url else AuthMode.local
        return self

    @model_validator(mode="after")
    def _progress_window(self) -> Settings:
        if self.progress_from_percent >= self.progress_until_percent:
            raise ValueError("progress_from_percent must be below progress_until_percent (R5.1)")
        return self

    @property
    def production(self) -> bool:
        return self.environment == Environment.production

    @property
    def test_clock_on(self) -> bool:
        """The test clock is read and may be moved: when asked for, and never in production
        (where asking for it refuses the start, ``check_startup``)."""
        return self.test_clock and not self.production

    def scheduling(self) -> SchedulingConfig:
        return SchedulingConfig(
            epoch_year=self.cycle_epoch_year,
            period_years=self.cycle_period_years,
            joining_min_months=self.joining_min_months,
            bridging_min_months=self.bridging_min_months,
            progress_from_percent=self.progress_from_percent,
            progress_until_percent=self.progress_until_percent,
        )

    @property
    def worker_count(self) -> int:
        if self.workers is not None:
            return self.workers
        return len(os.sched_getaffinity(0)) if self.production else 1

    @property
    def embedded_worker(self) -> bool:
        """``goedgesprek serve`` runs a job worker beside the API."""
        return self.worker_in_api if self.worker_in_api is not None else not self.production

    @property
    def postgres_dir(self) -> Path:
        return self.data_dir / "postgres"

    @property
    def local_key_file(self) -> Path:
        return self.data_dir / "local-signing-key"

    def check_startup(self) -> None:
        """Refuse to start what production must not run, and ``jwks`` mode without issuer,
        audience and a key source (one-line ``ConfigurationError``s)."""
        if self.production and self.auth_mode is AuthMode.local:
            raise ConfigurationError(
                "production mode refuses local tokens (GOEDGESPREK_AUTH_MODE=local signs with a "
                "secret in the data directory, for development): use jwks; refusing to start"
            )
        if self.production and self.test_clock:
            raise ConfigurationError(
                "production mode refuses the test clock (GOEDGESPREK_TEST_CLOCK=true): the "
                "service uses the real date; refusing to start"
            )
        if os.environ.get("GOEDGESPREK_FINAL_WORK_SHARE_PERCENT") is not None:
            # R6.6 ("Beide onderdelen wegen ieder voor 50% mee"): the regulation sets the share.
            raise ConfigurationError(
                "GOEDGESPREK_FINAL_WORK_SHARE_PERCENT is no longer read: Article 6.6 sets both "
                "parts of the final rating at 50 % (R6.6); remove it; refusing to start"
            )
        if self.production and not self.database_url:
            raise ConfigurationError(
                "production mode needs DATABASE_URL (the embedded PostgreSQL is for "
                "development); refusing to start"
            )
        if self.production and self.webhook_allow_private:
            raise ConfigurationError(
                "production mode refuses GOEDGESPREK_WEBHOOK_ALLOW_PRIVATE=true (webhooks to "
                "loopback and private addresses); refusing to start"
            )
        if self.auth_mode is not AuthMode.jwks:
            return
        missing = []
        if not (self.jwks_file or self.jwks_url or self.oidc_issuer):
            missing.append("GOEDGESPREK_OIDC_ISSUER, GOEDGESPREK_JWKS_FILE or GOEDGESPREK_JWKS_URL")
        if not self.oidc_issuer and (not self.jwt_issuer or self.jwt_issuer == "goedgesprek-local"):
            missing.append("GOEDGESPREK_JWT_ISSUER")
        if not self.jwt_audience:
            missing.append("GOEDGESPREK_JWT_AUDIENCE")
        if missing:
            raise ConfigurationError(
                "auth mode 'jwks' needs " + ", ".join(missing) + "; refusing to start"
            )


class ConfigurationError(RuntimeError):
    """The settings do not allow the service to start."""


@lru_cache
def get_settings() -> Settings:
    return Settings()
