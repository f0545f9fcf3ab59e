# Bawaba — two commands do everything: `make run` and `make test`.
# Both install what they need first (scripts/setup.sh, idempotent).
SHELL := /bin/bash
export CGO_ENABLED := 1

.PHONY: all setup run test bench fuzz fmt build clean arm64 package hear

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

# How well pocketsphinx hears the English prompts and spelled characters as the
# kiosk says them: word error rate, characters heard right, the worst prompts.
# make hear HEAR="-every 10" measures every tenth prompt (all take long to decode).
hear: setup
	go run ./cmd/bawaba-hear $(HEAR)

# Longer fuzzing of every Fuzz target: make fuzz FUZZTIME=60s
FUZZTIME ?= 30s
fuzz: setup
	@FUZZTIME=$(FUZZTIME) bash scripts/fuzz.sh

# The kiosk for linux/arm64 boards, cross-built with Debian's aarch64 toolchain and
# arm64 GL/X11 libraries (scripts/setup-arm64.sh installs them): bin/linux-arm64/.
arm64: setup
	@bash scripts/setup-arm64.sh
	GOOS=linux GOARCH=arm64 CC=aarch64-linux-gnu-gcc PKG_CONFIG_PATH=/usr/lib/aarch64-linux-gnu/pkgconfig \
		go build -trimpath -o bin/linux-arm64/bawaba-kiosk ./cmd/kiosk
	GOOS=linux GOARCH=arm64 CGO_ENABLED=0 go build -trimpath -o bin/linux-arm64/bawaba-central ./cmd/central
	@file bin/linux-arm64/bawaba-kiosk

# A Linux desktop package of the kiosk (binary, icon, .desktop entry) with
# `fyne package` and FyneApp.toml: dist/Bawaba.tar.xz. fyne bumps the build number
# in FyneApp.toml; we keep the committed one.
FYNE_TOOLS := fyne.io/tools/cmd/fyne@v1.7.4
package: setup
	go build -o bin/bawaba-kiosk ./cmd/kiosk
	cp FyneApp.toml bin/FyneApp.toml.keep
	go run $(FYNE_TOOLS) package --os linux --exe bin/bawaba-kiosk --src . --release; rc=$$?; \
		mv bin/FyneApp.toml.keep FyneApp.toml; mkdir -p dist; mv -f Bawaba.tar.xz dist/ 2>/dev/null; exit $$rc
	@tar tJf dist/Bawaba.tar.xz

fmt:
	gofmt -w $$(git ls-files '*.go')

clean:
	rm -rf bin .run dist
