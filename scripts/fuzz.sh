#!/usr/bin/env bash
# fuzz.sh runs every Fuzz target in the module for FUZZTIME (default 3s) each.
# Go allows only one -fuzz target per invocation, so we loop over them.
set -euo pipefail
cd "$(dirname "$0")/.."
FUZZTIME=${FUZZTIME:-3s}
status=0
for pkg in $(go list ./...); do
  dir=$(go list -f '{{.Dir}}' "$pkg")
  grep -lq '^func Fuzz' "$dir"/*_test.go 2>/dev/null || continue
  for target in $(grep -ho '^func Fuzz[A-Za-z0-9_]*' "$dir"/*_test.go | sed 's/^func //' | sort -u); do
    echo "fuzz: $pkg $target ($FUZZTIME)"
    if ! go test -run='^$' -fuzz="^${target}\$" -fuzztime="$FUZZTIME" "$pkg" >/tmp/bawaba-fuzz.log 2>&1; then
      cat /tmp/bawaba-fuzz.log
      status=1
    fi
  done
done
exit $status
