"""Money and time in real headless Chromium: the home map's financing layer (by keyboard), and
the home, country and findings pages at 375 and 1300 px: no horizontal scroll, chart labels
drawn at 12 px or more, columns without dead space.

With SURVINDEX_SCREENSHOTS=1 the same run writes the pages' screenshots to docs/screenshots/
(and the 1300 px home page to docs/screenshot.png, the README's picture):

    SURVINDEX_SCREENSHOTS=1 .venv/bin/pytest tests/web/test_money_and_time.py
"""

from __future__ import annotations

import json
import os
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "docs" / "screenshots"
FINANCE = "financing.CHN_state.countries"
#: Must match PALETTE in static/map.js (colour for 0..6 technology categories) and --money.
PALETTE = ["#f6eff7", "#d0d1e6", "#a6bddb", "#67a9cf", "#3690c0", "#02818a", "#014636"]
MONEY = "#7b3294"
NONE = "#d9d9d9"
#: Each page with the viewport height used at each width: tall enough for the screenshot, taken
#: from the top, to show the page's charts (map and headline; timeline; bars and trend).
PAGES = {
    "home": ("/", {375: 1150, 1300: 900}),
    "country-ECU": ("/countries/ECU", {375: 1500, 1300: 1250}),
    "findings": ("/findings", {375: 2650, 1300: 1450}),
}
CHART_TEXT = "svg.barchart text, svg.timeline text, svg.trend text"
#: Rendered size of each visible chart label: its CSS size times the SVG's scale on screen.
LABEL_SIZES = """
var out = [];
document.querySelectorAll(arguments[0]).forEach(function (t) {
  var box = t.getBoundingClientRect();
  if (!box.width) { return; }
  var m = t.getScreenCTM();
  out.push({text: t.textContent.trim().slice(0, 40), right: box.right,
            size: parseFloat(getComputedStyle(t).fontSize) * Math.hypot(m.a, m.b)});
});
return out;
"""


def api(base_url: str, path: str) -> Any:
    with urllib.request.urlopen(base_url + path) as response:
        return json.load(response)


def wait_for(driver: Any, element_id: str, attribute: str, value: str | None = None) -> None:
    def ready(d: Any) -> bool:
        found = d.find_element(By.ID, element_id).get_attribute(attribute)
        return found is not None and (value is None or found == value)

    WebDriverWait(driver, 15).until(ready)


def finance_fills(driver: Any) -> dict[str, str]:
    return driver.execute_script(
        "var out = {}; document.querySelectorAll('#map [data-finance]').forEach(function (p) {"
        " out[p.getAttribute('data-iso3')] = p.getAttribute('fill'); }); return out;"
    )


@pytest.fixture()
def viewport(browser: Any) -> Iterator[Any]:
    """Sets an exact viewport (CSS px, no scrollbars) on the shared browser; restores it after."""

    def set_size(width: int, height: int) -> None:
        browser.execute_cdp_cmd(
            "Emulation.setDeviceMetricsOverride",
            {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False},
        )
        browser.execute_cdp_cmd("Emulation.setScrollbarsHidden", {"hidden": True})

    try:
        yield set_size
    finally:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
        browser.execute_cdp_cmd("Emulation.setScrollbarsHidden", {"hidden": False})


def test_the_finance_layer_shows_exactly_the_finding_by_keyboard(
    browser: Any, base_url: str, viewport: Any
) -> None:
    viewport(1300, 900)
    finding = next(
        f for f in api(base_url, "/api/findings?edition=live")["findings"] if f["id"] == FINANCE
    )
    browser.get(base_url + "/")
    wait_for(browser, "map", "data-loaded")
    layers = browser.find_element(By.ID, "layers")
    assert layers.is_displayed()
    assert browser.find_element(By.ID, "legend-technologies").is_displayed()
    assert not browser.find_element(By.ID, "legend-finance").is_displayed()
    # Keyboard only: focus the checked radio button, arrow to the next layer.
    browser.execute_script("document.querySelector('#layers input:checked').focus();")
    browser.switch_to.active_element.send_keys(Keys.ARROW_RIGHT)
    wait_for(browser, "map", "data-layer", "finance")
    fills = finance_fills(browser)
    coloured = {iso for iso, fill in fills.items() if fill == MONEY}
    assert coloured == set(finding["countries"])  # shapes and small-state markers alike
    assert set(fills.values()) == {MONEY, NONE}
    assert browser.find_element(By.ID, "legend-finance").is_displayed()
    assert not browser.find_element(By.ID, "legend-technologies").is_displayed()
    assert "Chinese state finance" in browser.find_element(By.ID, "map-title").text
    assert browser.find_element(By.ID, "map-edition").text == "(live)"
    # A financed country still opens by keyboard, and says why it is coloured.
    browser.execute_script("document.querySelector(\"#map [data-iso3='ECU']\").focus();")
    assert "Chinese state finance recorded" in browser.find_element(By.ID, "tooltip").text
    label = browser.switch_to.active_element.get_attribute("aria-label")
    assert label == "Ecuador: Chinese state finance recorded"
    # The table says the same, in its column, after a filter re-renders it.
    browser.find_element(By.CSS_SELECTOR, "select[name=technology] option[value=safe_city]").click()
    wait_for(browser, "map", "data-loaded", "edition=live&technology=safe_city")
    assert browser.find_element(By.ID, "map").get_attribute("data-layer") == "finance"
    assert finance_fills(browser) == fills  # the filters do not change the finding's map
    rows = browser.find_elements(By.CSS_SELECTOR, "#country-table tbody tr")
    marked = {
        r.get_attribute("data-iso3")
        for r in rows
        if r.find_elements(By.CSS_SELECTOR, "td")[-1].text == "yes"
    }
    shown = {r.get_attribute("data-iso3") for r in rows}
    assert marked == set(finding["countries"]) & shown and marked
    # And back to the technology layer.
    browser.execute_script("document.querySelector('#layers input:checked').focus();")
    browser.switch_to.active_element.send_keys(Keys.ARROW_LEFT)
    wait_for(browser, "map", "data-layer", "technologies")
    assert not finance_fills(browser)
    colours = browser.execute_script(
        "return Array.from(document.querySelectorAll('path.country[data-iso3]'))"
        ".map(function (p) { return p.getAttribute('fill'); });"
    )
    assert colours and set(colours) <= set(PALETTE)


def load(browser: Any, base_url: str, path: str) -> None:
    """Open the page and wait for its map, if it has one."""
    browser.get(base_url + path)
    if browser.find_elements(By.ID, "map"):
        wait_for(browser, "map", "data-loaded")


@pytest.mark.parametrize("width", [375, 1300])
def test_pages_fit_and_chart_labels_are_readable(
    browser: Any, base_url: str, viewport: Any, width: int
) -> None:
    shoot = os.environ.get("SURVINDEX_SCREENSHOTS") == "1"
    for name, (path, heights) in PAGES.items():
        viewport(width, heights[width])
        load(browser, base_url, path)
        overflow = browser.execute_script(
            "return document.documentElement.scrollWidth - window.innerWidth;"
        )
        assert overflow <= 1, (name, width, overflow)
        labels = browser.execute_script(LABEL_SIZES, CHART_TEXT)
        small = [label for label in labels if label["size"] < 12 - 0.01]
        assert not small, (name, width, small[:5])
        off = [label for label in labels if label["right"] > width + 1]
        assert not off, (name, width, off[:5])
        if name != "home":
            assert labels, f"{name} draws no chart labels"
        legends = browser.execute_script(
            "return Array.from(document.querySelectorAll('.legend li, .chart-note, figcaption'))"
            ".filter(function (e) { return e.getBoundingClientRect().width; })"
            ".map(function (e) { return parseFloat(getComputedStyle(e).fontSize); });"
        )
        assert legends and min(legends) >= 12, (name, width)
        if name == "home" and width == 1300:
            _assert_columns_balanced(browser)
        if shoot:
            _screenshot(browser, name, width)
    if shoot and width == 1300:
        viewport(1300, 900)
        load(browser, base_url, "/")
        browser.execute_script("document.querySelector('#layers input[value=finance]').click();")
        wait_for(browser, "map", "data-layer", "finance")
        browser.execute_script("window.scrollTo(0, 0);")
        SHOTS.mkdir(parents=True, exist_ok=True)
        browser.save_screenshot(str(SHOTS / "home-finance-1300.png"))


def _assert_columns_balanced(browser: Any) -> None:
    """Map and headline findings end close together: no tall empty space beside either."""
    top, map_bottom, aside_bottom = browser.execute_script(
        "var m = document.querySelector('.mapbox').getBoundingClientRect();"
        "var a = document.querySelector('aside.headline').getBoundingClientRect();"
        "return [Math.min(m.top, a.top), m.bottom, a.bottom];"
    )
    assert map_bottom < aside_bottom + 400  # the aside sits beside the map, not under it
    taller = max(map_bottom, aside_bottom) - top
    assert abs(map_bottom - aside_bottom) < 0.25 * taller, (map_bottom, aside_bottom)


def _screenshot(browser: Any, name: str, width: int) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    browser.execute_script("window.scrollTo(0, 0);")
    target = SHOTS / f"{name}-{width}.png"
    browser.save_screenshot(str(target))
    if name == "home" and width == 1300:
        (ROOT / "docs" / "screenshot.png").write_bytes(target.read_bytes())
