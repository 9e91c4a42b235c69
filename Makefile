# greenhouse: common tasks. `make help` lists them.
GO          ?= go
BIN         ?= bin/greenhouse
VERSION     ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS     := -s -w -X main.version=$(VERSION)
PKGS        := ./...
BENCHTIME   ?= 2000x

.PHONY: help build run test test-short lint vet staticcheck bench fmt tidy clean cluster cluster-stop docs-ui

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-12s %s\n", $$1, $$2}'

build: ## build the static binary into bin/greenhouse
	CGO_ENABLED=0 $(GO) build -trimpath -ldflags '$(LDFLAGS)' -o $(BIN) ./cmd/greenhouse

run: build ## run greenhouse on the embedded SQLite default (data in ./data)
	mkdir -p data
	$(BIN) --data-dir data demo
	$(BIN) --data-dir data serve

test: ## run every test with the race detector (PostgreSQL/Redis too when their URLs are set)
	$(GO) test -race -count=1 $(PKGS)

test-short: ## run the tests without the race detector
	$(GO) test -count=1 $(PKGS)

vet: ## go vet
	$(GO) vet $(PKGS)

staticcheck: ## staticcheck (installed on demand from the Go module proxy)
	@command -v staticcheck >/dev/null 2>&1 || $(GO) install honnef.co/go/tools/cmd/staticcheck@v0.8.2
	PATH="$$PATH:$$($(GO) env GOPATH)/bin" staticcheck $(PKGS)

lint: vet staticcheck ## go vet + staticcheck + gofmt check
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || (gofmt -l $$(git ls-files '*.go'); echo "gofmt needed"; exit 1)

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
	{ $(GO) test -p 1 -run '^$$' -bench . -skip '^Benchmark(Fanout|Load|Startup|SocketMemory)$$' -benchtime $(BENCHTIME) $(PKGS); \
	  $(GO) test -p 1 -run '^$$' -bench '^Benchmark(Fanout|Load|Startup|SocketMemory)$$' -benchtime 1x ./internal/realtime/ ./internal/cli/; \
	} 2>&1 | tee bench/results/raw.txt | $(GO) run ./scripts/benchtable -o bench/results/latest.md -engines-note "$$note"

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
