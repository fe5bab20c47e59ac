"""Statistics as JSON and as plain text, shared by the CLI and the HTML report."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from survindex.analysis.stats import EditionStats

DIGITS = 4


def _round(value: Any) -> Any:
    if isinstance(value, float):
        return round(value, DIGITS)
    if isinstance(value, dict):
        return {k: _round(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_round(v) for v in value]
    return value


def stats_json(stats: EditionStats) -> dict[str, Any]:
    """JSON-ready statistics, floats rounded to four digits so outputs compare across machines."""
    payload: dict[str, Any] = _round(asdict(stats))
    payload["interval"] = "Wilson score 95% for shares; Wald 95% for logit coefficients"
    return payload


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{100 * value:.1f}%"


def stats_text(stats: EditionStats) -> str:
    """A plain-text rendering: cross-tabs, then each model's reading and coefficients."""
    lines = [f"Statistics: {stats.edition} (universe: {stats.universe or 'undefined'})", ""]
    lines += [f"note: {n}" for n in stats.notes]
    for u in stats.unavailable:
        lines.append(
            f"not modelled: {u.variable} ({u.users_with_value} users, {u.non_users_with_value} "
            f"non-users have a value): {u.reason}"
        )
    for tab in stats.crosstabs:
        lines += ["", f"{tab.title} [{tab.population}]"]
        lines.append(f"  {'group':<12} {'k':>4} {'n':>4} {'share':>7}  95% Wilson")
        for row in tab.rows:
            lines.append(
                f"  {row.group:<12} {row.successes:>4} {row.n:>4} {_pct(row.share):>7}  "
                f"{_pct(row.low)}-{_pct(row.high)}"
            )
        if tab.note:
            lines.append(f"  note: {tab.note}")
    for model in stats.models:
        lines += [
            "",
            f"logit {model.outcome} ~ {' + '.join(model.predictors)}: {model.status}, "
            f"n={model.n}, events={model.events}"
            + (f", pseudo-R2={model.pseudo_r2:.3f}" if model.pseudo_r2 is not None else ""),
        ]
        for c in model.coefficients:
            lines.append(
                f"  {c.term:<34} b={c.estimate:>7.3f} [{c.low:>7.3f}, {c.high:>7.3f}] "
                f"OR={c.odds_ratio:>7.3f} p={c.p_value:.3f}"
            )
        lines.append(f"  reading: {model.reading}")
    return "\n".join(lines) + "\n"
