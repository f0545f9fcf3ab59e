#!/usr/bin/env bash
# run.sh is `make run`: builds the binaries and starts the kiosk.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p bin
go build -o bin/ ./cmd/...
exec bin/kiosk -windowed
