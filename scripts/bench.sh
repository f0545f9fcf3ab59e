#!/usr/bin/env bash
# bench.sh runs the Go benchmarks. Benchmarks that have a baseline in the same run
# (named .../baseline) are printed as ratios by cmd/benchratio.
set -euo pipefail
cd "$(dirname "$0")/.."
cleanup=()
trap 'for c in "${cleanup[@]}"; do eval "$c" || true; done' EXIT
# The kiosk's start-up benchmark needs a display: a private Xvfb when there is none.
if [ -z "${DISPLAY:-}" ] && command -v Xvfb >/dev/null; then
  d=95; while [ -e /tmp/.X$d-lock ] || [ -e /tmp/.X11-unix/X$d ]; do d=$((d+1)); done
  # -noreset: by default Xvfb resets when its last client leaves, and a client
  # connecting during the reset fails with "Failed to open display" (seen when
  # one smoke test's kiosk ended just as the next one started).
  Xvfb :$d -screen 0 1280x800x24 -nolisten tcp -noreset >/dev/null 2>&1 &
  cleanup+=("kill $!")
  export DISPLAY=:$d
  for _ in $(seq 50); do [ -e /tmp/.X11-unix/X$d ] && break; sleep 0.1; done
fi
out=$(mktemp)
# The central service's ingest benchmark also runs on PostgreSQL: start a throwaway one.
if [ -z "${BAWABA_TEST_POSTGRES:-}" ] && pgout=$(bash scripts/pg.sh 2>/dev/null); then
  pgdir=$(sed -n 's/^DIR=//p' <<<"$pgout")
  export BAWABA_TEST_POSTGRES=$(sed -n 's/^URL=//p' <<<"$pgout")
  cleanup+=("bash scripts/pg.sh stop $pgdir")
fi
go test -run='^$' -bench=. -benchmem -count=${COUNT:-3} ${PKGS:-./...} | tee "$out"
echo
echo "== ratios against the in-run baselines"
go run ./cmd/benchratio < "$out"
rm -f "$out"
