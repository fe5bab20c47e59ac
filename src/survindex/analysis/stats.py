"""Cross-tabs with Wilson intervals and logistic regressions of AI surveillance use.

Honesty rules: a variable that an edition records only for countries that use AI surveillance
(the Carnegie files' military spending, Belt and Road membership, Freedom on the Net) cannot
explain use, so it is listed as unavailable instead of fitted; perfect separation and
non-convergence are reported as such, never hidden behind a number.
"""

from __future__ import annotations

__all__ = ["USES", "CrossTab", "Share", "crosstab", "share", "wilson_interval"]

import math
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy.orm import Session

from survindex.analysis.crosstabs import (
    USES,
    CrossTab,
    Share,
    crosstab,
    share,
    users_only_tabs,
    wilson_interval,
)
from survindex.analysis.editions import edition_data
from survindex.analysis.facts import edition_facts
from survindex.analysis.findings import EditionData
from survindex.domain import CountryContext, Technology


@dataclass(frozen=True)
class Variable:
    name: str
    label: str
    kind: str  # "categorical" or "continuous"
    get: Callable[[CountryContext], Any]
    baseline: str | None = None
    step: float = 1.0  # the change the plain-language reading talks about


def _region(c: CountryContext) -> str | None:
    """The region as imported (the Carnegie importer already reads the 2022 'AFR' as 'AF')."""
    return c.region


VARIABLES: tuple[Variable, ...] = (  # fmt: skip
    Variable(
        "regime",
        "V-Dem regime type",
        "categorical",
        lambda c: c.regime.value if c.regime else None,
        "LD",
    ),
    Variable(
        "electoral_democracy_index",
        "V-Dem electoral democracy index",
        "continuous",
        lambda c: c.electoral_democracy_index,
        step=0.1,
    ),
    Variable(
        "liberal_democracy_index",
        "V-Dem liberal democracy index",
        "continuous",
        lambda c: c.liberal_democracy_index,
        step=0.1,
    ),
    Variable(
        "digital_repression_index",
        "Digital Repression Index",
        "continuous",
        lambda c: c.digital_repression_index,
    ),
    Variable("region", "Carnegie region", "categorical", _region, "EUR"),
    Variable(
        "bri_member",
        "Belt and Road membership",
        "categorical",
        lambda c: None if c.bri_member is None else ("yes" if c.bri_member else "no"),
        "no",
    ),
    Variable(
        "military_top50",
        "top-50 military spender",
        "categorical",
        lambda c: None if c.military_rank is None else ("yes" if c.military_rank <= 50 else "no"),
        "no",
    ),
    Variable(
        "fotn_score", "Freedom on the Net score", "continuous", lambda c: c.fotn_score, step=10.0
    ),
)


@dataclass(frozen=True)
class Coefficient:
    term: str
    estimate: float
    std_error: float
    low: float
    high: float
    p_value: float
    odds_ratio: float
    odds_low: float
    odds_high: float


@dataclass(frozen=True)
class LogitModel:
    outcome: str
    predictors: tuple[str, ...]
    status: str  # fitted, separation, not_converged, failed, not_fitted
    n: int
    events: int
    coefficients: tuple[Coefficient, ...] = ()
    pseudo_r2: float | None = None
    problems: tuple[str, ...] = ()
    reading: str = ""


@dataclass(frozen=True)
class Unavailable:
    variable: str
    label: str
    users_with_value: int
    non_users_with_value: int
    reason: str


@dataclass(frozen=True)
class EditionStats:
    edition: str
    universe: int | None
    crosstabs: tuple[CrossTab, ...]
    models: tuple[LogitModel, ...]
    unavailable: tuple[Unavailable, ...]
    notes: tuple[str, ...] = field(default_factory=tuple)


def country_frame(data: EditionData) -> pd.DataFrame:
    """One row per universe country: outcomes (0/1) and every candidate variable; use follows
    the one rule of :mod:`survindex.analysis.facts` (proposed claims do not count)."""
    facts = edition_facts(data, {})
    techs = {iso: {t.value for t in f.technologies} for iso, f in facts.countries.items()}
    rows = []
    for iso, ctx in sorted(data.contexts.items()):
        if not ctx.in_universe:
            continue
        row: dict[str, Any] = {"iso3": iso, USES: int(bool(techs.get(iso)))}
        for t in Technology:
            row[t.value] = int(t.value in techs.get(iso, set()))
        for v in VARIABLES:
            row[v.name] = v.get(ctx)
        rows.append(row)
    return pd.DataFrame(rows).set_index("iso3") if rows else pd.DataFrame()


def availability(frame: pd.DataFrame) -> tuple[list[Variable], list[Unavailable]]:
    """Variables usable as predictors of use, and why the others are not."""
    usable, missing = [], []
    users = frame[USES] == 1
    for v in VARIABLES:
        present = frame[v.name].notna()
        with_users, with_non = int((present & users).sum()), int((present & ~users).sum())
        if with_non == 0 or with_users == 0:
            side = "countries that use" if with_non == 0 else "countries that do not use"
            missing.append(
                Unavailable(
                    v.name,
                    v.label,
                    with_users,
                    with_non,
                    f"recorded only for {side} AI surveillance in this edition's files, so no "
                    "model or share that needs it for the other countries can be computed",
                )
            )
        else:
            usable.append(v)
    return usable, missing


def _design(frame: pd.DataFrame, variables: list[Variable]) -> pd.DataFrame:
    parts = []
    for v in variables:
        column = frame[v.name]
        if v.kind == "continuous":
            parts.append(column.astype(float).rename(v.name))
            continue
        levels = sorted(str(x) for x in column.unique())
        base = v.baseline if v.baseline in levels else levels[0]
        for level in levels:
            if level != base:
                parts.append(
                    (column.astype(str) == level).astype(float).rename(f"{v.name}[{level}]")
                )
    design = pd.concat(parts, axis=1)
    design.insert(0, "const", 1.0)
    return design


def _separated_groups(frame: pd.DataFrame, outcome: str, variables: list[Variable]) -> list[str]:
    problems = []
    for v in variables:
        if v.kind != "categorical":
            continue
        for level, part in frame.groupby(v.name):
            events = int(part[outcome].sum())
            if events in (0, len(part)):
                which = "no" if events == 0 else "every"
                problems.append(f"{which} country with {v.name}={level} (n={len(part)}) has it")
    return problems


def fit_logit(frame: pd.DataFrame, outcome: str, variables: list[Variable]) -> LogitModel:
    """Logit of ``outcome`` on ``variables`` over complete cases, with honest diagnostics."""
    import statsmodels.api as sm
    from statsmodels.tools.sm_exceptions import PerfectSeparationError

    names = tuple(v.name for v in variables)
    data = frame[[outcome, *names]].dropna()
    n, events = len(data), int(data[outcome].sum())
    if events in (0, n):
        return LogitModel(
            outcome,
            names,
            "not_fitted",
            n,
            events,
            reading=f"not fitted: {events} of {n} countries have {outcome}",
        )
    constant = [v.name for v in variables if data[v.name].nunique() < 2]
    if constant:
        return LogitModel(
            outcome,
            names,
            "not_fitted",
            n,
            events,
            reading=f"not fitted: {', '.join(constant)} takes a single value",
        )
    problems = _separated_groups(data, outcome, variables)
    design = _design(data, variables)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            result = sm.Logit(data[outcome].astype(float), design).fit(
                disp=0, maxiter=200, method="newton"
            )
        except (PerfectSeparationError, np.linalg.LinAlgError, ValueError) as exc:
            return LogitModel(
                outcome,
                names,
                "failed",
                n,
                events,
                problems=(*problems, str(exc)),
                reading=f"could not be fitted: {exc}",
            )
    problems += [str(w.message).split("\n")[0] for w in caught]
    converged = bool(result.mle_retvals.get("converged", False))
    params, errors = result.params, result.bse
    conf = result.conf_int(0.05)
    coefficients = tuple(
        Coefficient(
            term,
            float(params[term]),
            float(errors[term]),
            float(conf.loc[term, 0]),
            float(conf.loc[term, 1]),
            float(result.pvalues[term]),
            _exp(params[term]),
            _exp(conf.loc[term, 0]),
            _exp(conf.loc[term, 1]),
        )
        for term in design.columns
    )
    unstable = [c.term for c in coefficients if abs(c.estimate) > 15 or c.std_error > 50]
    if problems or unstable:
        status = "separation"
        if unstable:
            problems.append(f"estimates diverge for {', '.join(unstable)}")
    else:
        status = "fitted" if converged else "not_converged"
    if not converged and status == "separation":
        problems.append("the optimiser did not converge")
    model = LogitModel(
        outcome, names, status, n, events, coefficients, float(result.prsquared), tuple(problems)
    )
    return LogitModel(**{**model.__dict__, "reading": reading(model, variables)})


def _exp(value: float) -> float:
    return float(math.exp(min(float(value), 700.0)))


def reading(model: LogitModel, variables: list[Variable]) -> str:
    """One plain-language paragraph: associations whose interval excludes 1, with the caveats."""
    if model.status in {"separation", "not_converged"}:
        return (
            f"Not reliable: {'; '.join(model.problems) or 'the fit did not converge'}. "
            "Some groups are all or nothing, so their odds ratios are unbounded; read the "
            "cross-tabs instead."
        )
    steps = {v.name: v for v in variables}
    clear: list[str] = []
    unclear: list[str] = []
    for c in model.coefficients:
        if c.term == "const":
            continue
        name = c.term.split("[")[0]
        v = steps[name]
        if v.kind == "continuous":
            ratio, low, high = (math.exp(x * v.step) for x in (c.estimate, c.low, c.high))
            what = f"a {v.step:g} higher {v.label}"
        else:
            ratio, low, high = c.odds_ratio, c.odds_low, c.odds_high
            level = c.term.split("[")[1].rstrip("]")
            what = f"{v.label} {level} (against {v.baseline})"
        text = f"{what}: odds x{ratio:.2f} (95% CI {low:.2f}-{high:.2f})"
        (clear if low > 1 or high < 1 else unclear).append(text)
    held = " holding the others fixed" if len(model.predictors) > 1 else ""
    what = "use AI surveillance" if model.outcome == USES else f"have {model.outcome}"
    parts = [f"Of {model.n} countries, {model.events} {what}."]
    if clear:
        parts.append(f"Clear associations{held}: " + "; ".join(clear) + ".")
    if unclear:
        parts.append("Intervals that include no difference: " + "; ".join(unclear) + ".")
    parts.append("Associations across countries, not causes; coverage follows public reporting.")
    return " ".join(parts)


def edition_stats(data: EditionData) -> EditionStats:
    """Every cross-tab and model an edition supports, and what it cannot support and why."""
    if data.kind == "figures":
        return EditionStats(
            data.slug,
            None,
            (),
            (),
            (),
            (f"{data.slug} holds published figures only: no country data",),
        )
    frame = country_frame(data)
    notes = []
    if frame.empty:
        return EditionStats(
            data.slug,
            None,
            (),
            (),
            (),
            (f"{data.slug} holds no country context (regime, Belt and Road...) to tabulate",),
        )
    if not data.universe_defined:
        notes.append(
            f"{data.slug} lists only countries that use AI surveillance: use cannot be "
            "modelled, and technology shares are among users only"
        )
        users_only = tuple(
            crosstab(frame, "regime", t.value, f"{t.value} among users, by regime", "users")
            for t in Technology
            if frame[t.value].any()
        )
        return EditionStats(data.slug, None, users_only, (), (), tuple(notes))
    usable, unavailable = availability(frame)
    tabs: list[CrossTab] = [
        crosstab(frame, "regime", USES, "Use of AI surveillance by regime type", "universe"),
        crosstab(frame, "region", USES, "Use of AI surveillance by region", "universe"),
        *(
            crosstab(frame, "regime", t.value, f"{t.value} by regime type", "universe")
            for t in Technology
            if frame[t.value].any()
        ),
    ]
    tabs += users_only_tabs(frame)
    models = []
    for outcome in (USES, *(t.value for t in Technology)):
        if not frame[outcome].any():
            models.append(fit_logit(frame, outcome, usable[:1]))
            continue
        models += [fit_logit(frame, outcome, [v]) for v in usable]
        if len(usable) > 1:
            models.append(fit_logit(frame, outcome, usable))
    return EditionStats(
        data.slug, len(frame), tuple(tabs), tuple(models), tuple(unavailable), tuple(notes)
    )


def stats_for(*, session: Session, slug: str) -> EditionStats:
    """Statistics of one edition of the store.

    Example: ``stats_for(session=s, slug="aigs-2022")``.
    """
    return edition_stats(edition_data(session=session, slug=slug))
