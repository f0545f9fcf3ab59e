# Bawaba — two commands do everything: `make run` and `make test`.
# Both install what they need first (scripts/setup.sh, idempotent).
SHELL := /bin/bash
export CGO_ENABLED := 1

.PHONY: all setup run test bench fuzz fmt build clean

all: build

setup:
	@bash scripts/setup.sh

build: setup
	go build -o bin/ ./cmd/...

# Brings up the whole system locally: central service, device simulators, the kiosk.
run: setup
	@bash scripts/run.sh

# gofmt check, go vet, staticcheck, go test (-race for packages without the UI), short fuzzing,
# PostgreSQL-backed tests and an Xvfb smoke test of the real kiosk binary.
test: setup
	@bash scripts/test.sh

# Go benchmarks; prints each result beside its in-run baseline as a ratio.
bench: setup
	@bash scripts/bench.sh

# Longer fuzzing of every Fuzz target: make fuzz FUZZTIME=60s
FUZZTIME ?= 30s
fuzz: setup
	@FUZZTIME=$(FUZZTIME) bash scripts/fuzz.sh

fmt:
	gofmt -w $$(git ls-files '*.go')

clean:
	rm -rf bin .run
