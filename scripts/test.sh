#!/usr/bin/env bash
# test.sh is `make test`: formatting, vet, staticcheck, the unit and integration
# tests, short fuzzing of every parser, PostgreSQL-backed tests and the Xvfb smoke
# test.
# Any failure fails the run.
set -euo pipefail
cd "$(dirname "$0")/.."
export CGO_ENABLED=1

step() { printf '\n== %s\n' "$*"; }

step "gofmt"
bad=$(gofmt -l $(git ls-files '*.go' | grep -v '^vendor/') 2>&1 || true)
if [ -n "$bad" ]; then
  echo "gofmt would change these files:"; echo "$bad"; exit 1
fi

step "go vet"
go vet ./...

# Pinned, and run from the module cache so nothing is installed by hand.
# staticcheck.conf adds the doc-comment checks (ST1000, ST1020-ST1022). Both build
# variants are checked (cmd/kiosk has files for -tags smoke) and their results
# merged, so that code only one variant uses is not reported unused.
step "staticcheck"
staticcheck() { go run honnef.co/go/tools/cmd/staticcheck@v0.8.2 "$@"; }
sc=$(mktemp -d)
staticcheck -f binary ./... >"$sc/default"
staticcheck -f binary -tags smoke ./... >"$sc/smoke"
rc=0; staticcheck -merge "$sc/default" "$sc/smoke" || rc=$?
rm -rf "$sc"
[ "$rc" -eq 0 ] || exit "$rc"

# A private X display for the UI smoke tests (the fyne test driver needs none).
cleanup=()
trap 'for c in "${cleanup[@]}"; do eval "$c" || true; done' EXIT
if command -v Xvfb >/dev/null; then
  d=95; while [ -e /tmp/.X$d-lock ] || [ -e /tmp/.X11-unix/X$d ]; do d=$((d+1)); done
  # -noreset: by default Xvfb resets when its last client leaves, and a client
  # connecting during the reset fails with "Failed to open display" (seen when
  # one smoke test's kiosk ended just as the next one started).
  Xvfb :$d -screen 0 1280x800x24 -nolisten tcp -noreset >/dev/null 2>&1 &
  xpid=$!
  cleanup+=("kill $xpid")
  export DISPLAY=:$d
  for _ in $(seq 50); do [ -e /tmp/.X11-unix/X$d ] && break; sleep 0.1; done
fi

# A throwaway PostgreSQL so the central service's database backend is tested for real.
if pgout=$(bash scripts/pg.sh 2>/tmp/bawaba-pg.err); then
  pgdir=$(sed -n 's/^DIR=//p' <<<"$pgout")
  export BAWABA_TEST_POSTGRES=$(sed -n 's/^URL=//p' <<<"$pgout")
  cleanup+=("bash scripts/pg.sh stop $pgdir")
else
  cat /tmp/bawaba-pg.err
  echo "PostgreSQL could not be started; the PostgreSQL tests need it"; exit 1
fi
export BAWABA_REQUIRE_POSTGRES=1 BAWABA_REQUIRE_DISPLAY=1 BAWABA_REQUIRE_SPEECH=1

# Packages that link Fyne run without -race: the race detector makes the cgo GL
# build and the software renderer very slow, and their logic lives in plain packages.
all=$(go list ./...)
ui=$(go list -f '{{.ImportPath}} {{join .Deps " "}}' ./... | awk '/fyne\.io\/fyne\/v2/ {print $1}')
plain=$(comm -23 <(sort <<<"$all") <(sort <<<"$ui"))

if [ -n "$plain" ]; then
  step "go test -race (packages without UI)"
  go test -race -timeout 20m $plain
fi
if [ -n "$ui" ]; then
  step "go test (UI packages)"
  go test -timeout 20m $ui
fi

step "fuzz (short)"
FUZZTIME=${FUZZTIME:-2s} bash scripts/fuzz.sh

echo
echo "make test: all checks passed"
