#!/usr/bin/env bash
# bench.sh runs the Go benchmarks. Benchmarks that have a baseline in the same run
# (named .../baseline) are printed as ratios by cmd/benchratio.
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(mktemp)
go test -run='^$' -bench=. -benchmem -count=${COUNT:-3} ${PKGS:-./...} | tee "$out"
echo
echo "== ratios against the in-run baselines"
go run ./cmd/benchratio < "$out"
rm -f "$out"
