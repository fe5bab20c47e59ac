"""Every ``SURVINDEX_*`` environment variable, declared once, typed and described.

The database default, reviewer accounts, cookie flags and test hooks used to be read with
``os.environ`` wherever they were needed, so nothing listed them all and a mistyped value failed
late or silently. :class:`SurvIndexSettings` declares each variable once (name, type, default and
what it is for); the CLI, the web server, the store and the exports all read it through
:func:`load_settings`, and the table in docs/settings.md is generated from it (``make docs``), with
a test that fails when a field is missing there.

Example::

    >>> from survindex.settings import load_settings
    >>> load_settings().secure_cookies      # SURVINDEX_SECURE_COOKIES unset
    False

This module imports nothing of ours, so every layer (``store/`` included) may use it.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, SecretStr, ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict

ENV_PREFIX = "SURVINDEX_"
#: The response cache's bound when ``SURVINDEX_CACHE_BYTES`` is unset: 64 MiB.
DEFAULT_CACHE_BYTES = 64 * 1024 * 1024


class SettingsError(ValueError):
    """A ``SURVINDEX_*`` variable holds a value of the wrong kind; the message names it."""


class SurvIndexSettings(BaseSettings):
    """Configuration from ``SURVINDEX_<FIELD>`` variables; an empty variable counts as unset."""

    model_config = SettingsConfigDict(
        env_prefix=ENV_PREFIX, env_ignore_empty=True, extra="ignore", frozen=True
    )

    db: str = Field(
        default="survindex.db",
        description="Database path or SQLAlchemy URL used when `--db` is not given.",
    )
    reviewers: SecretStr = Field(
        default=SecretStr(""),
        description=(
            "Reviewer accounts of the review pages: `name:token` pairs separated by commas "
            "(`alice:token1,bob:token2`); a name here wins over the same name in "
            "`SURVINDEX_CONFIG`."
        ),
    )
    config: Path | None = Field(
        default=None,
        description=(
            'A TOML file with a `[reviewers]` table (`alice = "token1"`) and optionally '
            "`secret`, read by the web server."
        ),
    )
    secret: SecretStr | None = Field(
        default=None,
        description=(
            "Key that signs session cookies; wins over `secret` in `SURVINDEX_CONFIG`. When "
            "neither is set it is random per server start, so sessions end on restart."
        ),
    )
    secure_cookies: bool = Field(
        default=False,
        description=(
            "Give the session cookie the Secure flag, so browsers send it over HTTPS only; "
            "set it when the server is reached through HTTPS."
        ),
    )
    cache_bytes: int = Field(
        default=DEFAULT_CACHE_BYTES,
        ge=0,
        description="Upper bound, in bytes, of the web server's response cache.",
    )
    world_map: Path | None = Field(
        default=None,
        description=(
            "A world-atlas `countries-110m.json` for exports and reports, instead of the copy "
            "`make install` puts in `interfaces/web/static/vendor/`."
        ),
    )
    reviewer: str | None = Field(
        default=None,
        description=(
            "Who decides in `survindex review` and `survindex claims` when `--reviewer` is not "
            "given (else the operating-system user)."
        ),
    )
    fetch_min_interval: float = Field(
        default=1.0,
        ge=0,
        description=(
            "Seconds between two requests to the same web host when `survindex ingest` and "
            "`survindex watch` fetch pages (robots.txt may ask for more with `Crawl-delay`)."
        ),
    )
    fetch_contact: str | None = Field(
        default=None,
        description=(
            "A web page or address about your crawl, put in the fetcher's user agent "
            "(`SurvIndex/<version> (+<contact>)`) so site owners can reach you; the project's "
            "page when unset."
        ),
    )
    model: Path | None = Field(
        default=None,
        description=(
            "A claim-scorer model written by `survindex train`, used by `survindex ingest`, "
            "`extract`, `eval` and `watch` instead of the packaged one "
            "(`ingest/extract/model/claim_scorer.json`)."
        ),
    )
    ingest_hold_after: int | None = Field(
        default=None,
        ge=0,
        description=(
            "Test hook: `survindex ingest` holds after storing this many documents, creating "
            "`SURVINDEX_INGEST_HOLD_FILE`, until that file is deleted. Needs both variables."
        ),
    )
    ingest_hold_file: Path | None = Field(
        default=None,
        description="Test hook: the marker file of `SURVINDEX_INGEST_HOLD_AFTER`.",
    )

    def reviewer_tokens(self) -> dict[str, str]:
        """``SURVINDEX_REVIEWERS`` as name -> token; items without a name or a token are skipped.

        >>> SurvIndexSettings(reviewers="alice:t1, bob:t2,broken").reviewer_tokens()
        {'alice': 't1', 'bob': 't2'}
        """
        tokens: dict[str, str] = {}
        for item in self.reviewers.get_secret_value().split(","):
            name, _, token = item.strip().partition(":")
            if name and token:
                tokens[name] = token
        return tokens


def env_var(field: str) -> str:
    """The environment variable behind a settings field: ``env_var("db") == "SURVINDEX_DB"``."""
    if field not in SurvIndexSettings.model_fields:
        raise KeyError(f"no setting {field!r}")
    return ENV_PREFIX + field.upper()


def load_settings() -> SurvIndexSettings:
    """The settings as the environment holds them now.

    Read afresh on each call (it is cheap) rather than once at import, so that a variable set
    after import, as tests and embedding programs do, is seen. Raises :class:`SettingsError`
    naming the variable when a value has the wrong type.
    """
    try:
        return SurvIndexSettings()
    except ValidationError as error:
        problems = "; ".join(
            f"{env_var(str(e['loc'][0]))}={e.get('input')!r}: {e['msg']}" for e in error.errors()
        )
        raise SettingsError(f"invalid environment: {problems}") from None


def settings_table() -> str:
    """The Markdown table of every variable (docs/settings.md is generated from it)."""
    lines = ["| variable | type | default | what it does |", "|---|---|---|---|"]
    for name, field in SurvIndexSettings.model_fields.items():
        default = field.get_default(call_default_factory=True)
        if isinstance(default, SecretStr):
            default = default.get_secret_value()
        if isinstance(default, bool):
            default = str(default).lower()
        shown = "unset" if default in (None, "") else f"`{default}`"
        if isinstance(default, int) and default >= 2**20:
            shown += f" ({default / 2**20:g} MiB)"
        kind = _type_name(field.annotation)
        description = (field.description or "").replace("|", "\\|")
        lines.append(f"| `{env_var(name)}` | {kind} | {shown} | {description} |")
    return "\n".join(lines) + "\n"


def _type_name(annotation: object) -> str:
    """A reader's word for a field type: ``Path | None`` -> ``path``."""
    words = {
        str: "text",
        int: "integer",
        float: "number",
        bool: "boolean",
        Path: "path",
        SecretStr: "secret text",
    }
    args = getattr(annotation, "__args__", None) or (annotation,)
    return " or ".join(words[a] for a in args if a is not type(None) and a in words)
