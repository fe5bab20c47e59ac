/* SurvIndex world map: draws world-atlas geometry with d3-geo and colours countries from
   /api/countries (the same function that renders the table). No inline code: configuration comes
   from data-* attributes on #map. Countries without a shape at 1:110m (Singapore, Bahrain,
   Malta...) are drawn as small circles at the point data-points gives (GeoNames capitals).
   Modes: "choropleth" (home), "highlight" (a vendor's countries), "locator" (one country).
   The home map has two layers (radio buttons #layers): the technology count, and Chinese state
   finance, which colours exactly the countries of the finding named by data-finance-finding as
   /api/findings?edition=live gives it. */
(function () {
  "use strict";
  // Colours for 0..6 technology categories; NONE for countries without data or not matching.
  var PALETTE = ["#f6eff7", "#d0d1e6", "#a6bddb", "#67a9cf", "#3690c0", "#02818a", "#014636"];
  var NONE = "#d9d9d9";
  var HIGHLIGHT = "#02818a";
  var el = document.getElementById("map");
  if (!el || !window.d3 || !window.topojson) { return; }
  // The finance colour is the stylesheet's --money, so the map, its legend and the timelines agree.
  var FINANCE = getComputedStyle(document.documentElement).getPropertyValue("--money").trim() || "#7b3294";
  var layer = "technologies";
  var techRows = [];
  var finance = null;
  var mode = el.getAttribute("data-mode");
  var interactive = mode !== "locator";
  var tooltip = interactive ? document.getElementById("tooltip") : null;
  var form = document.getElementById("filters");
  var width = 960, height = 500;
  var svgNS = "http://www.w3.org/2000/svg";
  var svg = document.createElementNS(svgNS, "svg");
  svg.setAttribute("viewBox", "0 0 " + width + " " + height);
  svg.setAttribute("class", interactive ? "world" : "world locator");
  svg.setAttribute("focusable", "false");
  var paths = [];
  var markers = document.createElementNS(svgNS, "g");
  markers.setAttribute("class", "markers");
  var projection = null, geoPath = null, points = {};
  var RADIUS = interactive ? 4 : 20;
  var ROW_ATTRS = ["data-iso3", "data-count", "data-finance", "tabindex", "role", "aria-label"];

  function text(node, value) { node.textContent = value == null ? "" : String(value); return node; }

  function draw(world) {
    var geo = topojson.feature(world, world.objects.countries);
    projection = d3.geoNaturalEarth1().fitSize([width, height], { type: "Sphere" });
    var path = geoPath = d3.geoPath(projection);
    var sphere = document.createElementNS(svgNS, "path");
    sphere.setAttribute("d", path({ type: "Sphere" }));
    sphere.setAttribute("class", "sphere");
    svg.appendChild(sphere);
    geo.features.forEach(function (f) {
      var p = document.createElementNS(svgNS, "path");
      p.setAttribute("d", path(f) || "");
      p.setAttribute("class", "country");
      p.setAttribute("fill", NONE);
      p.setAttribute("data-numeric", f.id == null ? "" : String(f.id));
      p.setAttribute("data-name", (f.properties && f.properties.name) || "");
      p.__feature = f;
      svg.appendChild(p);
      paths.push(p);
    });
    svg.appendChild(markers);
    el.textContent = "";
    el.appendChild(svg);
  }

  function colourOf(r) {
    if (r.highlight) { return HIGHLIGHT; }
    if (layer === "finance") { return r.financed ? FINANCE : NONE; }
    return PALETTE[Math.min(r.technology_count || 0, 6)];
  }

  function summary(r) {
    if (layer === "finance") {
      return r.name + ": " + (r.financed ? "Chinese state finance recorded" : "no Chinese state finance recorded");
    }
    return r.name + ": " + (r.technology_count || 0) + " categories";
  }

  function mark(node, r) {
    node.__row = r;
    node.setAttribute("fill", colourOf(r));
    node.setAttribute("data-iso3", r.iso3);
    node.setAttribute("data-count", String(r.technology_count || 0));
    if (layer === "finance") {
      node.setAttribute("data-finance", r.financed ? "yes" : "no");
    } else {
      node.removeAttribute("data-finance");
    }
    if (interactive) {
      node.setAttribute("tabindex", "0");
      node.setAttribute("role", "link");
      node.setAttribute("aria-label", summary(r));
    }
  }

  function circle(r, point, cls) {
    var xy = projection([point[0], point[1]]);
    if (!xy) { return null; }
    var c = document.createElementNS(svgNS, "circle");
    c.setAttribute("cx", xy[0].toFixed(1));
    c.setAttribute("cy", xy[1].toFixed(1));
    c.setAttribute("r", String(RADIUS));
    c.setAttribute("class", cls);
    markers.appendChild(c);
    return c;
  }

  // Hard to spot at a locator's size (under ~9 px across at 280 px wide): ring it as well.
  function tiny(p) {
    var b = geoPath.bounds(p.__feature);
    return Math.max(b[1][0] - b[0][0], b[1][1] - b[0][1]) < 30;
  }

  function paint(rows) {
    var byNumeric = {}, byName = {}, drawn = {};
    rows.forEach(function (r) {
      if (r.numeric) { byNumeric[String(r.numeric).padStart(3, "0")] = r; }
      byName[r.name] = r;
    });
    paths.forEach(function (p) {
      var r = byNumeric[p.getAttribute("data-numeric")] || byName[p.getAttribute("data-name")];
      p.__row = r || null;
      if (r) {
        mark(p, r);
        drawn[r.iso3] = drawn[r.iso3] || p;
      } else {
        p.setAttribute("fill", NONE);
        ROW_ATTRS.forEach(function (a) { p.removeAttribute(a); });
      }
    });
    // Countries of the index with no polygon: a circle at their point, same colour and behaviour.
    markers.textContent = "";
    rows.forEach(function (r) {
      var point = points[r.iso3];
      var shape = drawn[r.iso3];
      if (!shape && point) {
        var c = circle(r, point, "country marker");
        if (c) { mark(c, r); }
      } else if (!interactive && shape && tiny(shape)) {
        var ring = circle(r, point || projection.invert(geoPath.centroid(shape.__feature)), "ring");
        if (ring) { ring.setAttribute("fill", "none"); }
      }
    });
  }

  function show(p, x, y) {
    var r = p.__row;
    if (!tooltip || !r) { return; }
    tooltip.textContent = "";
    text(tooltip.appendChild(document.createElement("strong")), r.name);
    var lines = [];
    if (layer === "finance") {
      lines.push(r.financed ? "Chinese state finance recorded" : "No Chinese state finance recorded");
    }
    if (r.technology_count != null) { lines.push(r.technology_count + " technology categories"); }
    if (r.technologies && r.technologies.length) { lines.push(r.technologies.join(", ").replace(/_/g, " ")); }
    if (r.vendors && r.vendors.length) {
      lines.push("Vendors: " + r.vendors.slice(0, 6).map(function (v) { return v.name; }).join(", ") +
        (r.vendors.length > 6 ? " and " + (r.vendors.length - 6) + " more" : ""));
    }
    if (r.regime) { lines.push("Regime: " + r.regime + (r.bri_member ? " · Belt and Road" : "")); }
    lines.forEach(function (l) { text(tooltip.appendChild(document.createElement("div")), l); });
    tooltip.hidden = false;
    var box = el.getBoundingClientRect();
    tooltip.style.left = Math.min(x - box.left + 12, box.width - 200) + "px";
    tooltip.style.top = (y - box.top + 12) + "px";
  }

  function hide() { if (tooltip) { tooltip.hidden = true; } }
  function open(p) { if (interactive && p.__row) { window.location.href = "/countries/" + encodeURIComponent(p.__row.iso3); } }

  svg.addEventListener("mousemove", function (e) {
    if (e.target.classList.contains("country") && e.target.__row) { show(e.target, e.clientX, e.clientY); } else { hide(); }
  });
  svg.addEventListener("mouseleave", hide);
  svg.addEventListener("click", function (e) { if (e.target.classList.contains("country")) { open(e.target); } });
  svg.addEventListener("keydown", function (e) {
    if ((e.key === "Enter" || e.key === " ") && e.target.__row) { e.preventDefault(); open(e.target); }
  });
  svg.addEventListener("focusin", function (e) {
    if (e.target.__row) { var b = e.target.getBoundingClientRect(); show(e.target, b.left + b.width / 2, b.top + b.height / 2); }
  });
  svg.addEventListener("focusout", hide);

  function fetchJSON(url) {
    return fetch(url, { headers: { Accept: "application/json" } }).then(function (r) {
      if (!r.ok) { throw new Error(url + ": " + r.status); }
      return r.json();
    });
  }

  function load(query) {
    return fetchJSON(el.getAttribute("data-api") + "?limit=1000&" + query).then(function (data) {
      techRows = data.items;
      if (layer === "technologies") { paint(techRows); }
      renderTable(data.items);
      el.setAttribute("data-loaded", query);
      if (window.performance && performance.mark) { performance.mark("survindex-map-drawn"); }
    });
  }

  function renderTable(rows) {
    var body = document.querySelector("#country-table tbody");
    var count = document.getElementById("row-count");
    if (!body) { return; }
    // The finance column: the fetched finding once loaded, else the one the server rendered.
    var listed = document.getElementById("country-table").getAttribute("data-finance");
    var financed = finance ? finance.set : (listed === null ? null : setOf(listed.split(" ")));
    body.textContent = "";
    rows.forEach(function (r) {
      var tr = body.insertRow();
      tr.setAttribute("data-iso3", r.iso3);
      var th = document.createElement("th");
      th.scope = "row";
      var a = th.appendChild(document.createElement("a"));
      a.href = "/countries/" + encodeURIComponent(r.iso3);
      text(a, r.name);
      tr.appendChild(th);
      text(tr.insertCell(), r.technology_count);
      text(tr.insertCell(), r.technologies.join(", ").replace(/_/g, " "));
      var vendors = tr.insertCell();
      r.vendors.forEach(function (v, i) {
        if (i) { vendors.appendChild(document.createTextNode(", ")); }
        var link = vendors.appendChild(document.createElement("a"));
        link.href = "/vendors/" + encodeURIComponent(v.slug);
        text(link, v.name);
      });
      text(tr.insertCell(), r.regime || "");
      text(tr.insertCell(), r.bri_member ? "yes" : (r.bri_member === false ? "no" : ""));
      if (financed) { text(tr.insertCell(), financed[r.iso3] ? "yes" : ""); }
    });
    if (count) { text(count, rows.length); }
  }

  function setOf(codes) {
    var set = {};
    codes.forEach(function (c) { if (c) { set[c] = true; } });
    return set;
  }

  // The finance layer: the finding's countries from /api/findings?edition=live, drawn with the
  // live rows (for their shapes' ISO numeric codes), fetched once, when first asked for.
  function loadFinance() {
    if (finance) { return Promise.resolve(finance); }
    var id = el.getAttribute("data-finance-finding");
    return Promise.all([
      fetchJSON(el.getAttribute("data-finance-api")),
      fetchJSON(el.getAttribute("data-finance-rows") + "&limit=1000")
    ]).then(function (got) {
      var finding = got[0].findings.filter(function (f) { return f.id === id; })[0];
      var set = setOf(finding ? finding.countries : []);
      finance = {
        set: set,
        rows: got[1].items.map(function (r) { return Object.assign({}, r, { financed: !!set[r.iso3] }); })
      };
      return finance;
    });
  }

  var LAYER_TEXT = {
    technologies: {
      title: "Technology categories per country",
      label: "World map coloured by the number of AI surveillance technology categories; the table below gives the same data."
    },
    finance: {
      title: "Chinese state finance for surveillance technology",
      label: "World map of the countries with Chinese state finance for surveillance technology recorded (live); the note and the table below list them."
    }
  };

  var wanted = "technologies";
  function setLayer(name) {
    wanted = name;
    var ready = name === "finance" ? loadFinance() : Promise.resolve();
    return ready.then(function () {
      if (wanted !== name) { return; }  // another choice came while this one loaded
      layer = name;
      hide();
      paint(layer === "finance" ? finance.rows : techRows);
      ["technologies", "finance"].forEach(function (n) {
        var legend = document.getElementById("legend-" + n);
        if (legend) { legend.hidden = n !== layer; }
      });
      var title = document.getElementById("map-title-text");
      if (title) { text(title, LAYER_TEXT[layer].title); }
      var edition = document.getElementById("map-edition");  // the finance layer is always live
      if (edition) { text(edition, "(" + (layer === "finance" ? "live" : edition.getAttribute("data-edition")) + ")"); }
      el.setAttribute("aria-label", LAYER_TEXT[layer].label);
      el.setAttribute("data-layer", layer);
    });
  }

  function formQuery() {
    var params = new URLSearchParams();
    new FormData(form).forEach(function (value, key) { if (value !== "") { params.append(key, value); } });
    return params.toString();
  }

  // The marker points are optional: without them small states stay in the table only.
  var pointsURL = el.getAttribute("data-points");
  var pointsLoaded = !pointsURL ? Promise.resolve() : fetchJSON(pointsURL).then(function (data) {
    points = (data && data.points) || {};
  }, function () { points = {}; });
  var geometry = Promise.all([fetchJSON(el.getAttribute("data-geometry")), pointsLoaded])
    .then(function (loaded) { draw(loaded[0]); });
  if (mode === "locator") {
    geometry.then(function () {
      paint([{
        iso3: el.getAttribute("data-iso3"),
        name: el.getAttribute("data-name"),
        numeric: el.getAttribute("data-numeric"),
        highlight: true
      }]);
      el.setAttribute("data-loaded", "locator");
    });
  } else if (mode === "highlight") {
    geometry.then(function () { return fetchJSON(el.getAttribute("data-api")); }).then(function (data) {
      paint(data.countries.map(function (r) { return Object.assign({ highlight: true }, r); }));
      el.setAttribute("data-loaded", "highlight");
    });
  } else {
    geometry.then(function () { return load(el.getAttribute("data-query") || ""); });
    var layers = document.getElementById("layers");
    if (layers && el.getAttribute("data-finance-api")) {
      layers.hidden = false;
      layers.addEventListener("change", function (e) {
        if (e.target.name === "layer") { geometry.then(function () { return setLayer(e.target.value); }); }
      });
    }
    if (form) {
      form.addEventListener("change", function () {
        var query = formQuery();
        load(query).then(function () {
          window.history.replaceState(null, "", "?" + query);
        });
      });
      form.addEventListener("submit", function (e) {
        e.preventDefault();
        var query = formQuery();
        load(query).then(function () { window.history.replaceState(null, "", "?" + query); });
      });
    }
  }
})();
