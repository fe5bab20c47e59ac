# PostgreSQL for the backend tests (tests/pg_cluster.py starts a throwaway server from these
# binaries; without them the PostgreSQL half of the suite is skipped). Included by the Makefile.
PG_BIN := /usr/lib/postgresql/15/bin

.PHONY: postgres-deps

test-deps: postgres-deps

postgres-deps:
	[ -x $(PG_BIN)/initdb ] || \
		(apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y postgresql)
