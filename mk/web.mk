# Web dashboard: front-end assets from npm (package.json + package-lock.json) and, for the browser
# tests, Debian's Chromium and ChromeDriver. Included by the main Makefile.
WEB_VENDOR := src/survindex/interfaces/web/static/vendor
NPM_FILES := \
	node_modules/d3-array/dist/d3-array.min.js \
	node_modules/d3-geo/dist/d3-geo.min.js \
	node_modules/topojson-client/dist/topojson-client.min.js \
	node_modules/world-atlas/countries-110m.json \
	node_modules/swagger-ui-dist/swagger-ui-bundle.js \
	node_modules/swagger-ui-dist/swagger-ui.css

.PHONY: frontend browser-deps

install: frontend
test-deps: browser-deps

node_modules/.package-lock.json: package.json $(wildcard package-lock.json)
	if [ -f package-lock.json ]; then npm ci --ignore-scripts --no-audit --no-fund; \
	else npm install --ignore-scripts --no-audit --no-fund; fi
	touch $@

frontend: node_modules/.package-lock.json
	mkdir -p $(WEB_VENDOR)
	cp $(NPM_FILES) $(WEB_VENDOR)/
	cp node_modules/world-atlas/LICENSE $(WEB_VENDOR)/world-atlas.LICENSE
	cp node_modules/d3-geo/LICENSE $(WEB_VENDOR)/d3-geo.LICENSE
	cp node_modules/d3-array/LICENSE $(WEB_VENDOR)/d3-array.LICENSE
	cp node_modules/topojson-client/LICENSE $(WEB_VENDOR)/topojson-client.LICENSE
	cp node_modules/swagger-ui-dist/LICENSE $(WEB_VENDOR)/swagger-ui.LICENSE

browser-deps:
	if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then \
		apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium chromium-driver; \
	fi
