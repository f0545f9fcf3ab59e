#!/usr/bin/env bash
# run.sh is `make run`: it brings up the whole system locally and opens the kiosk
# window. Everything lives under .run/ (delete it to start from scratch):
#   .run/central    the central service (embedded bbolt), listening on 127.0.0.1:8443
#   .run/dev        the device simulators' serial ports (cmd/devsim; control API on
#                   127.0.0.1:7070, printed receipts as PNG in .run/receipts)
#   .run/kiosk      the kiosk's identity, outbox and cached configuration
#   .run/kiosk.json the kiosk configuration (staff PIN: 1234 — development only)
#   .run/registry.jsonl  synthetic people loaded into the central registry
#   .run/central/sms.log the SMS codes the central service "sends" (its development
#                   sender, -dev-sms)
#   .run/central.kek the central service's key-encryption key (generated once; the
#                   keys in its database are encrypted under it; docs/keys.md)
# The kiosk is enrolled automatically on first start. Closing the kiosk window
# stops everything. To see the kiosk work offline, stop the central service with
# `kill $(cat .run/central.pid)` while the kiosk runs, and start it again with
# `bin/central serve -data .run/central -kek-file .run/central.kek -dev-sms -listen 127.0.0.1:8443`.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p bin .run
export LANG=${LANG:-C.UTF-8}
[ "$LANG" = C ] && export LANG=C.UTF-8
# Fyne cannot parse the C locale ("Fyne error: Error parsing user locale C"); the
# kiosk maps it to en-US itself (cmd/kiosk/internal/fynelocale), and so does this,
# for any other Fyne binary started from here. The kiosk's language is its config's.
case "${LC_ALL:-${LC_MESSAGES:-$LANG}}" in
  C.* | POSIX.*) export LANGUAGE=en_US ;;
esac

# Build what builds: a part that is mid-edit by someone must not stop the rest.
for cmd in central devsim kiosk; do
  [ -d "cmd/$cmd" ] || { echo "run: cmd/$cmd does not exist yet" >&2; continue; }
  go build -o bin/ "./cmd/$cmd" || echo "run: cmd/$cmd does not build; continuing without it" >&2
done
[ -x bin/kiosk ] || { echo "run: the kiosk did not build" >&2; exit 1; }

pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT INT TERM

central_url=https://127.0.0.1:8443
if [ -x bin/central ]; then
  # The central service will not start without a key-encryption key; in
  # development it is a file beside its data, made once (mode 0600).
  [ -s .run/central.kek ] || (umask 077 && bin/central gen-kek >.run/central.kek)
  bin/central serve -data .run/central -kek-file .run/central.kek -dev-sms -listen 127.0.0.1:8443 >.run/central.log 2>&1 &
  pids+=($!); echo $! >.run/central.pid
  for _ in $(seq 100); do
    bin/central ca -data .run/central -kek-file .run/central.kek >.run/central-ca.pem 2>/dev/null && grep -q CERTIFICATE .run/central-ca.pem && break
    sleep 0.2
  done
  # Registration checks the person against the population registry: without one,
  # every online registration is refused ("not in the registry"). Load synthetic
  # people once (Test Resident 1: ID 2000000014, born 1971-09-07; see
  # `bin/central gen-registry -n 3`).
  if [ ! -f .run/registry.jsonl ]; then
    bin/central gen-registry -n 1000 -o .run/registry.jsonl
    for _ in $(seq 50); do  # the admin socket may lag the CA file by a moment
      bin/central load-registry -data .run/central -kek-file .run/central.kek .run/registry.jsonl 2>/dev/null && { loaded=1; break; }
      sleep 0.2
    done
    [ -n "${loaded:-}" ] || { echo "run: could not load the registry" >&2; rm -f .run/registry.jsonl; }
  fi
  echo "run: central service on $central_url (log .run/central.log)"
else
  echo "run: no central service binary: the kiosk runs offline and unenrolled" >&2
fi

devices=()
if [ -x bin/devsim ]; then
  bin/devsim -dir .run/dev -addr 127.0.0.1:7070 -png .run/receipts >.run/devsim.log 2>&1 &
  pids+=($!)
  for _ in $(seq 50); do [ -e .run/dev/printer ] && break; sleep 0.2; done
  # Baud rates of the simulated models (a pty ignores them, real ports do not).
  declare -A baud=([printer]=19200 [docreader]=9600 [cardreader]=9600 [scanner]=115200 [fingerprint]=57600)
  for d in printer docreader cardreader scanner fingerprint; do
    [ -e ".run/dev/$d" ] && devices+=("{\"name\":\"$d\",\"kind\":\"$d\",\"path\":\"$PWD/.run/dev/$d\",\"baud\":${baud[$d]}}")
  done
  echo "run: device simulators in .run/dev (control: curl -X POST 127.0.0.1:7070/docreader/insert?doc=td1-test-resident)"
else
  echo "run: no device simulators (cmd/devsim missing): the kiosk runs without devices" >&2
fi

if [ ! -f .run/kiosk.json ]; then
  pin_hash=$(echo 123456 | bin/kiosk -hash-pin)
  devs=$(IFS=,; echo "${devices[*]:-}")
  cat >.run/kiosk.json <<JSON
{
  "central_url": "$central_url",
  "data_dir": "kiosk",
  "mode": "${BAWABA_MODE:-kiosk}",
  "idle_timeout": "60s",
  "idle_warning": "20s",
  "default_language": "ar",
  "paper_width_dots": 576,
  "staff": [{"id": "1001", "name": "Field staff", "pin_hash": "$pin_hash"}],
  "devices": [$devs]
}
JSON
  echo "run: wrote .run/kiosk.json (staff ID 1001, PIN 123456: five taps in the top-left corner)"
fi
# BAWABA_MODE=atm make run starts the ATM mode (BAWABA_MODE=kiosk goes back).
if [ -n "${BAWABA_MODE:-}" ]; then
  sed -i -E 's/"mode": *"[a-z]*"/"mode": "'"$BAWABA_MODE"'"/' .run/kiosk.json
  # A mode set on the staff screen (the overlay in the data directory) would win.
  if [ -f .run/kiosk/settings.json ] && grep -q '"mode"' .run/kiosk/settings.json; then
    rm -f .run/kiosk/settings.json
    echo "run: BAWABA_MODE set: forgot the settings changed on the staff screen (.run/kiosk/settings.json)"
  fi
fi

enroll=()
if [ -x bin/central ] && [ ! -f .run/kiosk/identity/kiosk.crt ]; then
  code=$(bin/central enroll-code -data .run/central -kek-file .run/central.kek)
  enroll=(-enroll-code "$code" -ca .run/central-ca.pem)
  echo "run: enrolling the kiosk"
fi

echo "run: starting the kiosk window (close it to stop everything)"
bin/kiosk -config .run/kiosk.json -windowed "${enroll[@]}"
