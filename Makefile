# Rota: `make run` starts Rota on SQLite; `make test` runs every test.
GO      ?= go
NPM     ?= npm
BIN     := bin/rota
VERSION := $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS := -s -w -X main.Version=$(VERSION)
GOFILES := $(shell find . -name '*.go' -not -path './frontend/node_modules/*')
WEBSRC  := $(shell find frontend/src frontend/index.html frontend/vite.config.ts frontend/tsconfig*.json -type f 2>/dev/null)

.PHONY: run build test lint go-test web-test e2e chromium bench bench-load clean

## run: build everything and serve on sqlite://rota.db (prints the URL and a login)
run: build
	./$(BIN) serve

## build: the web app (npm ci + Vite) and the Go binary with the app embedded
build: frontend/dist/index.html
	$(GO) build -trimpath -ldflags '$(LDFLAGS)' -o $(BIN) ./cmd/rota

frontend/node_modules/.installed: frontend/package-lock.json frontend/package.json
	cd frontend && $(NPM) ci --no-audit --no-fund
	touch $@

frontend/dist/index.html: frontend/node_modules/.installed $(WEBSRC)
	rm -rf frontend/dist/assets
	cd frontend && $(NPM) run build

## test: lint, Go tests with -race on SQLite and a throwaway PostgreSQL, web unit tests, browser tests
test: lint go-test web-test e2e

## lint: gofmt, go vet, staticcheck, tsc --noEmit
lint: frontend/node_modules/.installed
	@unformatted=$$(gofmt -l $(GOFILES)); if [ -n "$$unformatted" ]; then echo "gofmt needed:"; echo "$$unformatted"; exit 1; fi
	$(GO) vet ./...
	$(GO) tool staticcheck ./...
	cd frontend && $(NPM) run typecheck

go-test:
	$(GO) run ./store/storetest/withpg -- $(GO) test -race -count=1 ./...

web-test: frontend/node_modules/.installed
	cd frontend && $(NPM) test

e2e: build chromium
	$(GO) build -o bin/fake-twilio ./cmd/fake-twilio && $(GO) build -o bin/fake-pagerduty ./cmd/fake-pagerduty && cd frontend && ROTA_BIN=$(CURDIR)/$(BIN) FAKE_TWILIO_BIN=$(CURDIR)/bin/fake-twilio FAKE_PAGERDUTY_BIN=$(CURDIR)/bin/fake-pagerduty $(NPM) run test:e2e

chromium:
	@.ci/ensure-chromium

## bench: the Go benchmarks whose numbers are in docs/PERFORMANCE.md
bench:
	$(GO) run ./store/storetest/withpg -- $(GO) test -run '^$$' -bench . -benchmem ./...

## bench-load: intake and paging load runs against a real Rota on a durable PostgreSQL
bench-load: build
	$(GO) build -o bin/rota-load ./cmd/rota-load
	$(GO) run ./store/storetest/withpg -durable -- cmd/rota-load/bench.sh

clean:
	rm -rf bin frontend/dist/assets frontend/dist/index.html frontend/test-artifacts
