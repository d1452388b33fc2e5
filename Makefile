# Concord: `make demo` to see it work, `make test` to check it.
SWIFT ?= swift

.PHONY: deps build release test conformance demo lint clean audit-screenshot

deps:
	@scripts/install-deps.sh

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release

# The tests run with a throwaway PostgreSQL (scripts/with-postgres.sh), stopped when they end;
# install-deps.sh --test adds what only the tests need (Chromium).
test:
	@scripts/install-deps.sh --test
	scripts/with-postgres.sh $(SWIFT) test
	scripts/conformance.sh

# The simulator against the platforms' official clients (part of `make test`).
conformance: deps
	scripts/conformance.sh

demo: deps
	$(SWIFT) build --product concord
	$$($(SWIFT) build --show-bin-path)/concord demo

# Renders an HTML audit of simulated stores in headless Chromium (installed with apt-get when
# missing) and checks the PNG; not part of `make test`.
audit-screenshot: deps
	scripts/audit-screenshot.sh

lint:
	$(SWIFT) format lint --strict --recursive Sources Tests Adapters Package.swift

clean:
	rm -rf .build concord-demo.sqlite concord-demo.sqlite-wal concord-demo.sqlite-shm
