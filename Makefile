# greenhouse: common tasks. `make help` lists them.
GO          ?= go
BIN         ?= bin/greenhouse
VERSION     ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS     := -s -w -X main.version=$(VERSION)
PKGS        := ./...
BENCHTIME   ?= 2000x

.PHONY: help build run test test-short lint vet staticcheck bench fmt tidy clean cluster cluster-stop

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

bench: ## run the benchmarks (each reports its reference and the ratio)
	$(GO) test -run '^$$' -bench . -benchtime $(BENCHTIME) $$($(GO) list ./... | grep -v /internal/realtime)
	$(GO) test -run '^$$' -bench Fanout -benchtime 1x ./internal/realtime/

fmt: ## gofmt every file
	gofmt -w $$(git ls-files '*.go')

cluster: build ## two serve replicas and a worker on the local PostgreSQL and Redis (see docs/operations.md)
	scripts/cluster.sh start

cluster-stop: ## stop exactly the processes `make cluster` started
	scripts/cluster.sh stop

clean: ## remove build output
	rm -rf bin
