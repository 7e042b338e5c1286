# ctlake — `make help` lists the targets.
GO      ?= go
PKGS    := ./... ./testdata/gen ./testdata/anomaly
EVENTS  ?= 1000000
INSIGHTS_EVENTS ?= 10000000
BIN     := bin/ctlake

.PHONY: help build demo test test-race bench bench-insights fuzz lint fmt check clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-15s %s\n", $$1, $$2}'

build: ## build bin/ctlake
	$(GO) build -o $(BIN) ./cmd/ctlake

demo: build ## generate a week of events, ingest them into the default store (~/.ctlake), print the sample analyses
	./$(BIN) demo

test: build ## unit, end-to-end, crash and sandbox tests (reads ../shared/data when present)
	$(GO) test -count=1 -timeout 20m $(PKGS)
	@echo "store, ingest and internal again on the pure-Go paths (no libdeflate, arrow-go's zstd):"
	CTLAKE_NO_LIBDEFLATE=1 CTLAKE_NO_LIBZSTD=1 $(GO) test -count=1 -timeout 10m ./store ./ingest ./internal/...

test-race: ## the tests under the race detector
	$(GO) test -count=1 -race -timeout 30m $(PKGS)

bench: build ## ingest and query benchmark against DuckDB over the raw .json.gz (EVENTS=1000000)
	$(GO) run ./cmd/ctlake-bench -events $(EVENTS)

bench-insights: build ## Insights job on injected anomalies: recall, false insights, timing, speed (INSIGHTS_EVENTS=10000000)
	$(GO) run ./cmd/ctlake-bench -insights -events $(INSIGHTS_EVENTS)

fuzz: ## run each fuzz test for 30 s
	@for p in $$($(GO) list $(PKGS)); do \
	  for f in $$($(GO) test -list 'Fuzz.*' $$p | grep ^Fuzz); do \
	    $(GO) test -run x -fuzz "^$$f$$" -fuzztime 30s $$p || exit 1; done; done

lint: ## go vet and a gofmt check
	$(GO) vet $(PKGS)
	@test -z "$$(gofmt -l .)" || (gofmt -l .; echo "gofmt needed"; exit 1)

fmt: ## gofmt the tree
	gofmt -w .

check: lint test ## lint and test

clean: ## remove build output
	rm -rf bin
