#!/usr/bin/env bash
# bench.sh runs the Go benchmarks. Benchmarks that have a baseline in the same run
# (named .../baseline) are printed as ratios by cmd/benchratio.
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(mktemp)
# The central service's ingest benchmark also runs on PostgreSQL: start a throwaway one.
if [ -z "${BAWABA_TEST_POSTGRES:-}" ] && pgout=$(bash scripts/pg.sh 2>/dev/null); then
  pgdir=$(sed -n 's/^DIR=//p' <<<"$pgout")
  export BAWABA_TEST_POSTGRES=$(sed -n 's/^URL=//p' <<<"$pgout")
  trap 'bash scripts/pg.sh stop "$pgdir"' EXIT
fi
go test -run='^$' -bench=. -benchmem -count=${COUNT:-3} ${PKGS:-./...} | tee "$out"
echo
echo "== ratios against the in-run baselines"
go run ./cmd/benchratio < "$out"
rm -f "$out"
