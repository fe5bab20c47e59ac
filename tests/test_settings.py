"""One settings object: every SURVINDEX_* variable is a typed field, read where it is used."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import typer
from fastapi.testclient import TestClient

from survindex.settings import (
    DEFAULT_CACHE_BYTES,
    SettingsError,
    SurvIndexSettings,
    env_var,
    load_settings,
)

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "survindex"
FIELDS = sorted(SurvIndexSettings.model_fields)


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """No SURVINDEX_* variable from the shell running the tests."""
    for name in FIELDS:
        monkeypatch.delenv(env_var(name), raising=False)


def test_defaults() -> None:
    settings = load_settings()
    assert settings.db == "survindex.db"
    assert settings.secure_cookies is False
    assert settings.cache_bytes == DEFAULT_CACHE_BYTES == 64 * 1024 * 1024
    assert settings.reviewer_tokens() == {}
    assert settings.world_map is None and settings.ingest_hold_after is None


def test_variables_are_read_when_loaded_and_typed(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("SURVINDEX_SECURE_COOKIES", "true")
    monkeypatch.setenv("SURVINDEX_CACHE_BYTES", "1024")
    monkeypatch.setenv("SURVINDEX_WORLD_MAP", str(tmp_path / "map.json"))
    monkeypatch.setenv("SURVINDEX_REVIEWERS", "alice:t1, bob:t2,nameless")
    settings = load_settings()
    assert settings.secure_cookies is True
    assert settings.cache_bytes == 1024
    assert settings.world_map == tmp_path / "map.json"
    assert settings.reviewer_tokens() == {"alice": "t1", "bob": "t2"}
    assert "t1" not in repr(settings)  # tokens and the secret are SecretStr


def test_an_empty_variable_counts_as_unset(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SURVINDEX_DB", "")
    monkeypatch.setenv("SURVINDEX_INGEST_HOLD_AFTER", "")
    settings = load_settings()
    assert settings.db == "survindex.db" and settings.ingest_hold_after is None


def test_a_wrong_value_names_its_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SURVINDEX_CACHE_BYTES", "lots")
    with pytest.raises(SettingsError, match="SURVINDEX_CACHE_BYTES='lots'"):
        load_settings()


def test_env_var_refuses_unknown_fields() -> None:
    assert env_var("secure_cookies") == "SURVINDEX_SECURE_COOKIES"
    with pytest.raises(KeyError):
        env_var("no_such_setting")


def test_every_variable_named_in_the_code_is_a_setting() -> None:
    """A SURVINDEX_* name in code or templates that no field declares would bypass the object."""
    declared = {env_var(name) for name in FIELDS}
    for path in PACKAGE.rglob("*"):
        if path.suffix not in {".py", ".html", ".j2"}:
            continue
        found = set(re.findall(r"SURVINDEX_[A-Z][A-Z_]*[A-Z]", path.read_text(encoding="utf-8")))
        assert found <= declared, (path, found - declared)


def _cli_envvars(command: Any) -> Iterator[str]:
    for param in command.params:
        if isinstance(getattr(param, "envvar", None), str):
            yield param.envvar
    for sub in (getattr(command, "commands", None) or {}).values():
        yield from _cli_envvars(sub)


def test_cli_options_read_declared_variables() -> None:
    from survindex.interfaces.cli import app

    envvars = set(_cli_envvars(typer.main.get_command(app)))
    assert "SURVINDEX_REVIEWER" in envvars
    assert envvars <= {env_var(name) for name in FIELDS}


def test_database_url_reads_survindex_db_unless_given(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from survindex.store.database import database_url

    assert database_url().endswith("/survindex.db")
    monkeypatch.setenv("SURVINDEX_DB", str(tmp_path / "env.db"))
    assert database_url() == f"sqlite:///{tmp_path / 'env.db'}"
    assert database_url("sqlite://") == "sqlite://"


def test_world_map_override(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from survindex.publish.geo import MAP_ENV, MapUnavailable, map_path

    assert MAP_ENV == "SURVINDEX_WORLD_MAP"
    monkeypatch.setenv(MAP_ENV, str(tmp_path / "missing.json"))
    with pytest.raises(MapUnavailable, match="SURVINDEX_WORLD_MAP"):
        map_path()
    (tmp_path / "map.json").write_text("{}", encoding="utf-8")
    monkeypatch.setenv(MAP_ENV, str(tmp_path / "map.json"))
    assert map_path() == tmp_path / "map.json"


def test_ingest_hold_point_needs_both_variables(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from survindex.interfaces.cli_ingest import _hold_point

    monkeypatch.setenv("SURVINDEX_INGEST_HOLD_AFTER", "3")
    assert _hold_point() is None
    monkeypatch.setenv("SURVINDEX_INGEST_HOLD_FILE", str(tmp_path / "hold"))
    hold = _hold_point()
    assert hold is not None and (hold.after, hold.marker) == (3, tmp_path / "hold")


def test_web_settings_come_from_the_shared_object(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from survindex.interfaces.web.auth import Settings

    config = tmp_path / "reviewers.toml"
    config.write_text(
        'secret = "from-file"\n[reviewers]\nalice = "file-token"\ncarol = "c"\n', encoding="utf-8"
    )
    monkeypatch.setenv("SURVINDEX_CONFIG", str(config))
    monkeypatch.setenv("SURVINDEX_REVIEWERS", "alice:env-token")
    settings = Settings.from_environment()
    assert settings.reviewers == {"alice": "env-token", "carol": "c"}
    assert settings.secret == b"from-file" and settings.secure_cookies is False
    monkeypatch.setenv("SURVINDEX_SECRET", "from-env")
    monkeypatch.setenv("SURVINDEX_SECURE_COOKIES", "1")
    settings = Settings.from_environment()
    assert settings.secret == b"from-env" and settings.secure_cookies is True
    assert Settings(reviewers={"bob": "b"}).secure_cookies is False  # still built directly


def _cookie_flags(response: Any, name: str) -> set[str]:
    """The attributes of the Set-Cookie header for ``name`` (not its value, which is opaque)."""
    for header in response.headers.get_list("set-cookie"):
        if header.startswith(name + "="):
            return {a.strip().split("=")[0].lower() for a in header.split(";")[1:]}
    raise AssertionError(f"no Set-Cookie for {name}")


@pytest.mark.parametrize("secure", [False, True])
def test_session_cookie_is_secure_when_asked(secure: bool, tmp_path: Path) -> None:
    from survindex.interfaces.api.app import create_app
    from survindex.interfaces.web.auth import COOKIE, Settings

    settings = Settings(reviewers={"alice": "token"}, secure_cookies=secure)
    app = create_app(str(tmp_path / "cookies.db"), settings=settings)
    with TestClient(app, base_url="https://testserver") as client:  # Secure cookies need https
        form = re.search(r'name="csrf" value="([^"]+)"', client.get("/review").text)
        assert form is not None
        login = client.post(
            "/review/login",
            data={"reviewer": "alice", "token": "token", "csrf": form.group(1)},
            follow_redirects=False,
        )
        assert login.status_code == 303 and login.headers["location"] == "/review"
        flags = _cookie_flags(login, COOKIE)
        assert {"httponly", "samesite", "path", "max-age"} <= flags
        assert ("secure" in flags) is secure
