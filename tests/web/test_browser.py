"""The dashboard in real headless Chromium: map colours, filters, navigation, escaping, CSP."""

from __future__ import annotations

import json
import urllib.request
from typing import Any

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import Select, WebDriverWait

from api.seed import HOSTILE_QUOTE

pytestmark = pytest.mark.slow

#: Must match PALETTE in static/map.js: colour for 0..6 technology categories.
PALETTE = ["#f6eff7", "#d0d1e6", "#a6bddb", "#67a9cf", "#3690c0", "#02818a", "#014636"]
NONE = "#d9d9d9"
HIGHLIGHT = "#02818a"


def api(base_url: str, path: str) -> Any:
    with urllib.request.urlopen(base_url + path) as response:
        return json.load(response)


def wait_for_map(driver: Any, query: str | None = None) -> None:
    def loaded(d: Any) -> bool:
        value = d.find_element(By.ID, "map").get_attribute("data-loaded")
        return value is not None and (query is None or value == query)

    WebDriverWait(driver, 15).until(loaded)


def fills(driver: Any) -> dict[str, str]:
    return driver.execute_script(
        "var out = {}; document.querySelectorAll('path.country[data-iso3]').forEach("
        "function (p) { out[p.getAttribute('data-iso3')] = p.getAttribute('fill'); }); return out;"
    )


def severe_errors(driver: Any) -> list[str]:
    return [e["message"] for e in driver.get_log("browser") if e["level"] == "SEVERE"]


def test_map_draws_countries_in_the_right_colours(browser: Any, base_url: str) -> None:
    browser.get(base_url + "/")
    wait_for_map(browser)
    drawn = fills(browser)
    rows = api(base_url, "/api/countries?limit=1000")["items"]
    assert len(browser.find_elements(By.CSS_SELECTOR, "path.country")) > 150
    checked = 0
    for row in rows:
        if row["iso3"] in drawn:
            assert drawn[row["iso3"]] == PALETTE[min(row["technology_count"], 6)], row["iso3"]
            checked += 1
    assert checked > 150
    by_iso = {r["iso3"]: r for r in rows}
    assert drawn["CHN"] == PALETTE[by_iso["CHN"]["technology_count"]]
    assert by_iso["KEN"]["technology_count"] >= 2 and drawn["KEN"] != PALETTE[0]
    assert not severe_errors(browser)


def test_a_filter_changes_the_map_and_the_table(browser: Any, base_url: str) -> None:
    browser.get(base_url + "/")
    wait_for_map(browser)
    before = fills(browser)
    Select(browser.find_element(By.NAME, "technology")).select_by_value("smart_policing")
    wait_for_map(browser, "edition=live&technology=smart_policing")
    after = fills(browser)
    expected = {
        r["iso3"]
        for r in api(base_url, "/api/countries?limit=1000&technology=smart_policing")["items"]
    }
    # Small states (Singapore, Bahrain, Malta...) have no shape at 1:110m; the table lists them.
    assert set(after) == expected & set(before) and len(after) < len(before)
    table = {
        tr.get_attribute("data-iso3")
        for tr in browser.find_elements(By.CSS_SELECTOR, "#country-table tbody tr")
    }
    assert table == expected
    assert "technology=smart_policing" in browser.current_url
    grey = browser.execute_script(
        "return Array.from(document.querySelectorAll('path.country:not([data-iso3])'))"
        ".map(function (p) { return p.getAttribute('fill'); });"
    )
    assert grey and set(grey) == {NONE}


def test_click_on_a_country_opens_its_page(browser: Any, base_url: str) -> None:
    browser.get(base_url + "/")
    wait_for_map(browser)
    kenya = browser.find_element(By.CSS_SELECTOR, "path.country[data-iso3='KEN']")
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'});", kenya)
    kenya.click()
    WebDriverWait(browser, 10).until(ec.url_contains("/countries/KEN"))
    assert browser.find_element(By.TAG_NAME, "h1").text.startswith("Kenya")


def test_keyboard_opens_a_country(browser: Any, base_url: str) -> None:
    browser.get(base_url + "/")
    wait_for_map(browser)
    browser.execute_script("document.querySelector(\"path.country[data-iso3='SRB']\").focus();")
    browser.switch_to.active_element.send_keys(Keys.ENTER)
    WebDriverWait(browser, 10).until(ec.url_contains("/countries/SRB"))


def test_a_script_in_a_quote_shows_as_text(browser: Any, base_url: str) -> None:
    browser.get(base_url + "/countries/KEN")
    quotes = [q.text for q in browser.find_elements(By.CSS_SELECTOR, "blockquote.quote")]
    assert HOSTILE_QUOTE in quotes
    assert browser.execute_script("return window.__pwned === undefined;")
    # The javascript: link of the hostile source is not rendered as a link.
    hrefs = [a.get_attribute("href") or "" for a in browser.find_elements(By.TAG_NAME, "a")]
    assert not any(h.startswith("javascript:") for h in hrefs)
    assert "CC BY 4.0" in browser.find_element(By.TAG_NAME, "footer").text
    assert "10.17632/gjhf5y4xjp.4" in browser.find_element(By.TAG_NAME, "footer").text


def test_narrow_screen_has_no_horizontal_scroll(browser: Any, base_url: str) -> None:
    browser.set_window_size(375, 800)
    try:
        browser.get(base_url + "/")
        wait_for_map(browser)
        overflow = browser.execute_script(
            "return document.documentElement.scrollWidth - window.innerWidth;"
        )
        assert overflow <= 1
        assert browser.find_element(By.CSS_SELECTOR, "svg.world").size["width"] <= 375
    finally:
        browser.set_window_size(1280, 900)


def test_docs_render_offline(browser: Any, base_url: str) -> None:
    browser.get(base_url + "/docs")
    WebDriverWait(browser, 15).until(
        lambda d: d.find_elements(By.CSS_SELECTOR, ".opblock-summary-path")
    )
    paths = {e.text for e in browser.find_elements(By.CSS_SELECTOR, ".opblock-summary-path")}
    assert "/api/countries" in {p.replace("\u200b", "") for p in paths}


def markers(driver: Any) -> dict[str, dict[str, str]]:
    return driver.execute_script(
        "var out = {}; document.querySelectorAll('circle.marker[data-iso3]').forEach("
        "function (c) { out[c.getAttribute('data-iso3')] = {fill: c.getAttribute('fill'),"
        " count: c.getAttribute('data-count'), tabindex: c.getAttribute('tabindex')}; });"
        " return out;"
    )


def test_small_states_are_drawn_as_markers(browser: Any, base_url: str) -> None:
    browser.get(base_url + "/")
    wait_for_map(browser)
    drawn = markers(browser)
    by_iso = {r["iso3"]: r for r in api(base_url, "/api/countries?limit=1000")["items"]}
    for iso3 in ("SGP", "BHR"):
        count = by_iso[iso3]["technology_count"]
        assert count > 0
        assert drawn[iso3] == {"fill": PALETTE[min(count, 6)], "count": str(count), "tabindex": "0"}
    # A marker only where there is no polygon: each country of the index is drawn exactly once.
    shapes = fills(browser)
    assert not set(drawn) & set(shapes)
    assert {"MLT", "HKG", "MUS"} <= set(drawn)
    assert set(drawn) | set(shapes) == set(by_iso)
    # Filters repaint the markers too.
    Select(browser.find_element(By.NAME, "technology")).select_by_value("smart_policing")
    wait_for_map(browser, "edition=live&technology=smart_policing")
    expected = {
        r["iso3"]
        for r in api(base_url, "/api/countries?limit=1000&technology=smart_policing")["items"]
    }
    assert set(markers(browser)) == expected - set(fills(browser))
    assert not severe_errors(browser)


def test_a_marker_shows_its_summary_and_opens_its_country(browser: Any, base_url: str) -> None:
    browser.get(base_url + "/")
    wait_for_map(browser)
    singapore = browser.find_element(By.CSS_SELECTOR, "circle.marker[data-iso3='SGP']")
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'});", singapore)
    browser.execute_script("arguments[0].focus();", singapore)
    tooltip = browser.find_element(By.ID, "tooltip")
    assert tooltip.is_displayed() and "Singapore" in tooltip.text
    singapore.click()
    WebDriverWait(browser, 10).until(ec.url_contains("/countries/SGP"))
    assert browser.find_element(By.TAG_NAME, "h1").text.startswith("Singapore")


def test_keyboard_opens_a_marker(browser: Any, base_url: str) -> None:
    browser.get(base_url + "/")
    wait_for_map(browser)
    browser.execute_script("document.querySelector(\"circle.marker[data-iso3='BHR']\").focus();")
    browser.switch_to.active_element.send_keys(Keys.ENTER)
    WebDriverWait(browser, 10).until(ec.url_contains("/countries/BHR"))


def test_vendor_map_marks_small_states(browser: Any, base_url: str) -> None:
    vendor = next(
        v
        for v in api(base_url, "/api/vendors?limit=1000")["items"]
        if {"SGP", "BHR", "MLT", "HKG", "MUS"} & set(v["countries"])
    )
    small = {"SGP", "BHR", "MLT", "HKG", "MUS"} & set(vendor["countries"])
    browser.get(base_url + "/vendors/" + vendor["slug"])
    wait_for_map(browser, "highlight")
    drawn = markers(browser)
    assert small <= set(drawn)
    assert {m["fill"] for m in drawn.values()} == {HIGHLIGHT}


def test_country_page_draws_its_locator_map(browser: Any, base_url: str) -> None:
    browser.get(base_url + "/countries/KEN")
    wait_for_map(browser, "locator")
    assert browser.find_element(By.CSS_SELECTOR, "svg.world.locator").is_displayed()
    assert fills(browser) == {"KEN": HIGHLIGHT}
    assert not markers(browser)
    # Not a navigation target: no focusable countries on the locator.
    assert not browser.find_elements(By.CSS_SELECTOR, "#map [tabindex]")
    browser.get(base_url + "/countries/SGP")
    wait_for_map(browser, "locator")
    assert fills(browser) == {}
    assert markers(browser) == {"SGP": {"fill": HIGHLIGHT, "count": "0", "tabindex": None}}
    assert not severe_errors(browser)
