"""Filters parsed and validated in one place, for the pages, the JSON API and the CLI alike.

Codes are case-insensitive; country and vendor names resolve as the CLI resolves them
(``Kenya`` -> ``KEN``, ``Huawei Technologies`` -> ``huawei``); an unknown parameter or an invalid
value is refused with an :class:`InvalidParameter` that names the parameter and lists what it
accepts, never silently ignored.

>>> parse_regime("ea")
'EA'
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from survindex.domain.vocab import ClaimStatus, RegimeType, Technology
from survindex.reference.countries import UnknownName, resolve_country_code
from survindex.reference.vendors import resolve_vendor

#: The earliest day the index can be asked about (no evidence it holds is older).
EARLIEST_DAY = date(1990, 1, 1)
TRUE_WORDS = ("true", "1", "yes")
FALSE_WORDS = ("false", "0", "no")


class InvalidParameter(ValueError):
    """A query parameter that is unknown or whose value is not accepted."""

    def __init__(self, parameter: str, problem: str, accepted: Iterable[str] = ()) -> None:
        self.parameter = parameter
        self.problem = problem
        self.accepted = list(accepted)
        listing = f" (accepted: {', '.join(self.accepted)})" if self.accepted else ""
        super().__init__(f"{parameter}: {problem}{listing}")


def check_known(given: Iterable[str], allowed: Iterable[str]) -> None:
    """Refuse the first parameter that the view does not know."""
    allowed = sorted(set(allowed))
    for name in given:
        if name not in allowed:
            raise InvalidParameter(name, "unknown parameter", allowed)


def _choice(parameter: str, value: str, choices: Iterable[str], *, upper: bool) -> str:
    options = list(choices)
    wanted = value.strip().upper() if upper else value.strip().lower()
    if wanted not in options:
        raise InvalidParameter(parameter, f"{value!r} is not accepted", options)
    return wanted


def parse_technology(value: str, parameter: str = "technology") -> str:
    return _choice(parameter, value, (t.value for t in Technology), upper=False)


def parse_regime(value: str, parameter: str = "regime") -> str:
    return _choice(parameter, value, (r.value for r in RegimeType), upper=True)


def parse_claim_status(value: str, parameter: str = "status") -> str:
    return _choice(parameter, value, (s.value for s in ClaimStatus), upper=False)


def parse_edition(value: str, known: Iterable[str], parameter: str = "edition") -> str:
    return _choice(parameter, value, known, upper=False)


def parse_bool(value: str, parameter: str) -> bool:
    word = value.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise InvalidParameter(parameter, f"{value!r} is not a yes/no value", TRUE_WORDS + FALSE_WORDS)


def parse_day(value: str, parameter: str = "as_of") -> date:
    """A day written YYYY-MM-DD, from 1990 to today (the index cannot be asked about the future)."""
    try:
        day = date.fromisoformat(value.strip())
    except ValueError:
        raise InvalidParameter(parameter, f"{value!r} is not a date: write YYYY-MM-DD") from None
    if not EARLIEST_DAY <= day <= date.today():
        raise InvalidParameter(
            parameter, f"{day.isoformat()} is outside {EARLIEST_DAY.isoformat()} to today"
        )
    return day


def parse_country(value: str, parameter: str = "country") -> str:
    """An ISO3 code from a code or any name the CLI accepts."""
    try:
        return resolve_country_code(value)
    except UnknownName as exc:
        raise InvalidParameter(parameter, str(exc), exc.suggestions) from None


def parse_vendor(value: str, parameter: str = "vendor") -> str:
    """A vendor slug from a slug, name or alias."""
    try:
        return resolve_vendor(value).slug
    except UnknownName as exc:
        raise InvalidParameter(parameter, str(exc), exc.suggestions) from None


@dataclass(frozen=True)
class CountryFilters:
    """Filters of the country list and the map; ``None`` means no filter."""

    edition: str = "live"
    technology: str | None = None
    vendor: str | None = None
    supplier_country: str | None = None
    regime: str | None = None
    bri: bool | None = None
    as_of: date | None = None

    def query(self) -> dict[str, str]:
        """The filters as canonical query parameters (for links and downloads)."""
        params = {k: v for k, v in vars(self).items() if v is not None}
        if "bri" in params:
            params["bri"] = "true" if params["bri"] else "false"
        return {k: str(v) for k, v in params.items()}


def country_filters(
    *,
    editions: Iterable[str],
    edition: str | None = None,
    technology: str | None = None,
    vendor: str | None = None,
    supplier_country: str | None = None,
    regime: str | None = None,
    bri: str | None = None,
    as_of: str | None = None,
) -> CountryFilters:
    """Parse raw values (strings as a URL or command line gives them); empty means absent."""
    return CountryFilters(
        edition=parse_edition(edition, editions) if edition else "live",
        technology=parse_technology(technology) if technology else None,
        vendor=parse_vendor(vendor) if vendor else None,
        supplier_country=(
            parse_country(supplier_country, "supplier_country") if supplier_country else None
        ),
        regime=parse_regime(regime) if regime else None,
        bri=parse_bool(bri, "bri") if bri else None,
        as_of=parse_day(as_of) if as_of else None,
    )


@dataclass(frozen=True)
class ClaimFilters:
    status: str | None = None
    country: str | None = None
    vendor: str | None = None
    technology: str | None = None
    edition: str | None = None


def claim_filters(
    *,
    editions: Iterable[str],
    status: str | None = None,
    country: str | None = None,
    vendor: str | None = None,
    technology: str | None = None,
    edition: str | None = None,
) -> ClaimFilters:
    return ClaimFilters(
        status=parse_claim_status(status) if status else None,
        country=parse_country(country) if country else None,
        vendor=parse_vendor(vendor) if vendor else None,
        technology=parse_technology(technology) if technology else None,
        edition=parse_edition(edition, editions) if edition else None,
    )


@dataclass(frozen=True)
class NetworkFilters:
    edition: str = "live"
    technology: str | None = None
    supplier_country: str | None = None
    vendor: str | None = None
    min_countries: int = 1
    as_of: date | None = None


def network_filters(
    *,
    editions: Iterable[str],
    edition: str | None = None,
    technology: str | None = None,
    supplier_country: str | None = None,
    vendor: str | None = None,
    min_countries: int = 1,
    as_of: str | None = None,
) -> NetworkFilters:
    if min_countries < 1:
        raise InvalidParameter("min_countries", f"{min_countries} is below 1")
    return NetworkFilters(
        edition=parse_edition(edition, editions) if edition else "live",
        technology=parse_technology(technology) if technology else None,
        supplier_country=(
            parse_country(supplier_country, "supplier_country") if supplier_country else None
        ),
        vendor=parse_vendor(vendor) if vendor else None,
        min_countries=min_countries,
        as_of=parse_day(as_of) if as_of else None,
    )
