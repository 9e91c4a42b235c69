# greenhouse: common tasks. `make help` lists them.
GO          ?= go
BIN         ?= bin/greenhouse
VERSION     ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS     := -s -w -X main.version=$(VERSION)
PKGS        := ./...
BENCHTIME   ?= 2000x

.PHONY: help build run test test-short test-web web modules lint vet staticcheck repo-paths tidy-check bench fmt tidy clean cluster cluster-stop docs-ui

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-12s %s\n", $$1, $$2}'

build: ## build the static binary into bin/greenhouse
	CGO_ENABLED=0 $(GO) build -trimpath -ldflags '$(LDFLAGS)' -o $(BIN) ./cmd/greenhouse

# RUN_PORT is where `make run` serves; the lines below say what to open.
RUN_PORT    ?= 8080

# The greenhouse lines of this recipe use the default data_dir (./data) like
# every command and the README (internal/cli's TestREADMEOwnerSession runs them).
run: build ## load the demo garden into ./data (the default data_dir) and serve it on RUN_PORT (8080)
	$(BIN) demo
	@echo
	@echo "run: open http://localhost:$(RUN_PORT)/ (the garden), http://localhost:$(RUN_PORT)/docs (the API reference); the garden's JSON is http://localhost:$(RUN_PORT)/api/v1/garden"
	@echo "run: next, in another terminal in this folder: bin/greenhouse dashboard (live analytics),"
	@echo "run:   or the README's \"first session as the owner\" (plant a project, add skills); Ctrl+C stops the server"
	@echo
	$(BIN) serve --addr :$(RUN_PORT)

test: modules ## run every test with the race detector (PostgreSQL/Redis too when their URLs are set), then test-web
	@echo "test: go test -race ./... (the first build of the race-enabled test binaries takes a few minutes)"
	$(GO) test -race -count=1 $(PKGS)
	@$(MAKE) --no-print-directory test-web

NPM         ?= npm

web: ## rebuild the TypeScript client (types, dist) and the garden page (web/dist) with npm ci; the output is committed
	cd clients/typescript && $(NPM) ci --no-audit --no-fund && $(NPM) run build
	cd web && $(NPM) ci --no-audit --no-fund && $(NPM) run build

# The JavaScript tests need the packages `make web` installs; the page's
# also need Chromium (they skip without it unless GREENHOUSE_TEST_BROWSER=1).
test-web: ## the TypeScript client's tests and the garden page's browser tests, when `make web` installed their packages
	@if [ -d clients/typescript/node_modules ] && [ -d web/node_modules ]; then \
	  (cd clients/typescript && $(NPM) test) && (cd web && $(NPM) test); \
	elif [ "$$GREENHOUSE_TEST_BROWSER" = 1 ]; then \
	  echo "test-web: GREENHOUSE_TEST_BROWSER=1 but the packages are missing: run make web" >&2; exit 1; \
	else echo "test-web: skipped (run make web to install the client's and the page's packages)"; fi

test-short: modules ## run the tests without the race detector
	$(GO) test -count=1 $(PKGS)

# GOPROXY=off answers from the module cache alone: when it fails, something
# is missing and the download is shown as it happens instead of a silent
# pause of minutes inside `go test`.
modules: ## download the Go modules go.sum lists (says so; silent when the cache has them)
	@GOPROXY=off GOFLAGS=-mod=mod $(GO) mod download >/dev/null 2>&1 || { \
	  echo "modules: downloading Go modules into $$($(GO) env GOMODCACHE) (first run only; a few minutes)..."; \
	  $(GO) mod download -x 2>&1 | grep --line-buffered -E '^# get .*\.zip$$' | sed -u -E 's|^# get [a-z]+://[^/]+/(.*)/@v/(.*)\.zip$$|modules:   \1 \2|' || true; \
	  $(GO) mod download && echo "modules: done"; }

vet: ## go vet
	$(GO) vet $(PKGS)

staticcheck: ## staticcheck (installed on demand from the Go module proxy)
	@command -v staticcheck >/dev/null 2>&1 || $(GO) install honnef.co/go/tools/cmd/staticcheck@v0.8.2
	PATH="$$PATH:$$($(GO) env GOPATH)/bin" staticcheck $(PKGS)

lint: repo-paths tidy-check vet staticcheck ## path guard + go mod tidy -diff + go vet + staticcheck + gofmt check
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || (gofmt -l $$(git ls-files '*.go'); echo "gofmt needed"; exit 1)

# The one-core runs: BenchmarkLoadOneCore pins each server to CPU 0 itself
# and sends the load from CPU 1; the fan-out benchmark (hub and clients in one
# process) runs whole on CPU 0 with GOMAXPROCS=1. Without taskset they run
# unpinned (and say so in their figures' GOMAXPROCS).
ONECORE_LOAD ?= $(shell command -v taskset >/dev/null 2>&1 && echo taskset -c 1)
ONECORE_HUB  ?= $(shell command -v taskset >/dev/null 2>&1 && echo taskset -c 0)
# The one-core load runs three times and the table shows each figure's
# median: on a shared machine one run's reference alone swung 6,300-10,900
# req/s between runs minutes apart, more than any change being measured.
ONECORE_COUNT ?= 3

# -p 1: go test runs the test binaries of several packages at once by
# default, and a benchmark must not share the machine with another one.
bench: ## run the benchmarks; one table on stdout and in bench/results/latest.md (raw output: raw.txt)
	@mkdir -p bench/results
	@pgdef=postgres://postgres@127.0.0.1:5432/test; rddef=redis://127.0.0.1:6379/0; note=; \
	if [ -z "$$GREENHOUSE_TEST_POSTGRES_URL" ]; then \
	  if $(GO) run ./scripts/benchtable -probe $$pgdef 2>/dev/null; then \
	    GREENHOUSE_TEST_POSTGRES_URL=$$pgdef; export GREENHOUSE_TEST_POSTGRES_URL; \
	  else note="GREENHOUSE_TEST_POSTGRES_URL not set and no PostgreSQL answered at $$pgdef"; fi; fi; \
	if [ -z "$$GREENHOUSE_TEST_REDIS_URL" ] && $(GO) run ./scripts/benchtable -probe $$rddef 2>/dev/null; then \
	  GREENHOUSE_TEST_REDIS_URL=$$rddef; export GREENHOUSE_TEST_REDIS_URL; fi; \
	echo "bench: sqlite$${GREENHOUSE_TEST_POSTGRES_URL:+ postgres}$${GREENHOUSE_TEST_REDIS_URL:+ redis}; raw output in bench/results/raw.txt" >&2; \
	{ $(GO) test -p 1 -run '^$$' -bench . -skip '^Benchmark(Fanout|Load|LoadOneCore|Startup|SocketMemory|DashboardHTTP|InteractWriterOneCore)$$' -benchtime $(BENCHTIME) $(PKGS); \
	  $(GO) test -p 1 -run '^$$' -bench '^BenchmarkInteractWriterOneCore$$' -benchtime 20000x ./internal/store/; \
	  $(GO) test -p 1 -run '^$$' -bench '^Benchmark(Fanout|Load|Startup|SocketMemory|DashboardHTTP)$$' -benchtime 1x ./internal/realtime/ ./internal/cli/; \
	  $(ONECORE_LOAD) $(GO) test -p 1 -run '^$$' -bench '^BenchmarkLoadOneCore$$' -benchtime 1x -count $(ONECORE_COUNT) ./internal/cli/; \
	  $(ONECORE_HUB) $(GO) test -p 1 -run '^$$' -bench '^BenchmarkFanout$$' -cpu 1 -benchtime 1x ./internal/realtime/; \
	} 2>&1 | tee bench/results/raw.txt | $(GO) run ./scripts/benchtable -o bench/results/latest.md -engines-note "$$note"

repo-paths: ## fail when a Go file reads outside the repository (../shared, absolute paths, ../ climbing out)
	scripts/check-repo-paths.sh

tidy: ## go mod tidy
	$(GO) mod tidy

tidy-check: ## fail when go.mod/go.sum are not what `go mod tidy` would write
	$(GO) mod tidy -diff

fmt: ## gofmt every file
	gofmt -w $$(git ls-files '*.go')

cluster: build ## two serve replicas and a worker on the local PostgreSQL and Redis (see docs/operations.md)
	scripts/cluster.sh start

cluster-stop: ## stop exactly the processes `make cluster` started
	scripts/cluster.sh stop

DOCSUI      := internal/api/docsui
# --ignore-scripts: the only install script in the tree is @scarf/scarf's
# download analytics.
docs-ui: ## refresh the /docs viewer (swagger-ui-dist, pinned in internal/api/docsui/package.json) with npm
	cd $(DOCSUI) && npm install --package-lock-only --ignore-scripts --no-audit --no-fund && npm ci --ignore-scripts --no-audit --no-fund
	rm -rf $(DOCSUI)/assets/swagger-ui && mkdir -p $(DOCSUI)/assets/swagger-ui
	cd $(DOCSUI)/node_modules/swagger-ui-dist && cp swagger-ui-bundle.js swagger-ui-bundle.js.LICENSE.txt \
	  swagger-ui.css favicon-32x32.png LICENSE NOTICE package.json ../../assets/swagger-ui/
	rm -rf $(DOCSUI)/node_modules
	@echo "docs-ui: swagger-ui-dist $$(sed -n 's/.*"version": "\(.*\)".*/\1/p' $(DOCSUI)/assets/swagger-ui/package.json) in $(DOCSUI)/assets/swagger-ui; update the version in $(DOCSUI)/README.md"

clean: ## remove build output
	rm -rf bin

FUZZTIME    ?= 30s
# Minimizing a new input replays it many times; the API targets run a few
# inputs a second, so the default 60s would eat their whole FUZZTIME.
FUZZMINTIME ?= 5s
VULNDB      ?= https://vuln.go.dev

.PHONY: fuzz vulncheck

fuzz: ## run every Fuzz target, one at a time, for FUZZTIME each (default 30s)
	@set -e; found=0; \
	for file in $$(grep -rlE --include='*_test.go' '^func Fuzz[A-Za-z0-9_]*\(' cmd internal pkg 2>/dev/null | sort); do \
		dir=./$$(dirname $$file); \
		for fn in $$(sed -nE 's/^func (Fuzz[A-Za-z0-9_]*)\(.*/\1/p' $$file); do \
			found=$$((found+1)); \
			echo "== $$fn in $$dir for $(FUZZTIME)"; \
			$(GO) test -run '^$$' -fuzz "^$$fn$$" -fuzztime $(FUZZTIME) -fuzzminimizetime $(FUZZMINTIME) $$dir; \
		done; \
	done; \
	test $$found -gt 0 || { echo "fuzz: no Fuzz targets found"; exit 1; }; \
	echo "fuzz: $$found targets ran for $(FUZZTIME) each, no failure"

vulncheck: ## govulncheck v1.9.0 (needs $(VULNDB): unreachable from the greenhouse dev/CI machines)
	@echo "vulncheck: govulncheck needs the vulnerability database at $(VULNDB)."
	@echo "vulncheck: the greenhouse dev/CI machines reach only the Go module proxy, so there it fails;"
	@echo "vulncheck: run it with internet access, or with VULNDB=file:///path/to/a/vulndb/mirror."
	@$(GO) run golang.org/x/vuln/cmd/govulncheck@v1.9.0 -db '$(VULNDB)' ./...; rc=$$?; \
	if [ $$rc -eq 3 ]; then echo "vulncheck: FAILED: govulncheck found vulnerabilities in called code (above)"; exit 3; fi; \
	if [ $$rc -ne 0 ]; then echo "vulncheck: FAILED: govulncheck could not run (exit $$rc); most likely $(VULNDB) is unreachable from this machine. Nothing was checked: this is not a pass."; exit $$rc; fi; \
	echo "vulncheck: no known vulnerability in called code"

.PHONY: test-faults
test-faults: ## fault injection: Redis and a replica stopped under load, a worker killed mid-job (internal/faults)
	GO=$(GO) scripts/test-faults.sh

.PHONY: openapi openapi-lint

openapi: ## regenerate docs/openapi.json from the code (`greenhouse openapi`)
	$(GO) run ./cmd/greenhouse openapi > docs/openapi.json.tmp && mv docs/openapi.json.tmp docs/openapi.json

openapi-lint: ## lint docs/openapi.json with Redocly's recommended rules (npm ci in tools/openapi-lint)
	cd tools/openapi-lint && npm ci --no-audit --no-fund && npx --no-install redocly lint --config redocly.yaml ../../docs/openapi.json
