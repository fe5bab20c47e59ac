"""Every read route fuzzed from /openapi.json (schemathesis): no 500, and strict JSON answers.

Schemathesis generates parameters from each route's declared schema, valid and invalid alike;
whatever it sends, the API must answer with a 2xx or a 4xx, never a server error, and every JSON
body it returns must parse under a strict parser (no NaN or Infinity).
"""

from __future__ import annotations

import atexit
import json
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, settings

from survindex.build import build_index
from survindex.interfaces.api.app import create_app
from survindex.store.database import Store

pytestmark = pytest.mark.slow


def _app() -> FastAPI:
    """The app over a freshly built index in a temporary folder (built when collected:
    schemathesis needs the schema to generate the tests; its fixture loader does not run under
    this pytest)."""
    folder = tempfile.mkdtemp(prefix="survindex-fuzz-")
    atexit.register(shutil.rmtree, folder, True)
    store = Store(str(Path(folder) / "fuzz.db"))
    build_index(store)
    return create_app(str(Path(folder) / "fuzz.db"))


schema = schemathesis.openapi.from_asgi("/openapi.json", _app())


def _strict(value: str) -> Any:
    raise ValueError(f"non-finite number {value} in JSON")


@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_no_route_answers_500_or_invalid_json(case: Any) -> None:
    response = case.call()
    assert response.status_code < 500, (case.path, case.query, response.text[:300])
    if response.headers.get("content-type", [""])[0].startswith("application/json"):
        json.loads(response.text, parse_constant=_strict)
