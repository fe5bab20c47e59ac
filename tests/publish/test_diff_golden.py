"""The v1 -> 2022 diff compared with its golden file (a change to either edition shows here)."""

from __future__ import annotations

import json

from survindex.analysis.diff import diff_for, diff_json, diff_markdown


def test_diff_v1_2022_golden(built_store, check_golden):
    with built_store.read() as session:
        result = diff_for(session=session, source="aigs-v1", target="aigs-2022")
    check_golden("diff-aigs-v1-aigs-2022.json", json.dumps(diff_json(result), indent=2) + "\n")
    check_golden("diff-aigs-v1-aigs-2022.md", diff_markdown(result))
