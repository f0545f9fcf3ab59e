#!/usr/bin/env bash
# setup.sh installs the Debian/Ubuntu packages Bawaba needs to build, run and test.
# It is idempotent and quick when everything is already present: it only calls apt
# when a package is missing. `make run` and `make test` call it; nothing else needs
# to be installed by hand.
set -euo pipefail

# Fyne's cgo build (GL + X11 headers), the display for UI tests, the Arabic font
# source, QR decoding for receipt tests, PostgreSQL for the central service's
# database backend, screenshot tools, and python3 + libXtst for the kiosk smoke
# test's synthetic taps (cmd/kiosk/testdata/xclick.py). Spoken guidance: espeak-ng
# renders the prompts, aplay (alsa-utils) plays them, sox measures them in tests;
# pocketsphinx (US English model) hears them, in tests and make hear.
pkgs=(
  gcc pkg-config
  libgl1-mesa-dev libxcursor-dev libxrandr-dev libxinerama-dev libxi-dev libxxf86vm-dev
  xvfb xauth x11-utils imagemagick
  python3 libxtst6
  zbar-tools socat
  postgresql
  espeak-ng sox alsa-utils
  pocketsphinx pocketsphinx-en-us
)

# node (Debian builds it with full ICU) is the oracle the Hijri calendar is
# generated from and tested against (identity/hijri). A node already on
# the PATH is used as it is (the generator and the test check that its ICU has
# the islamic-umalqura calendar), so Debian's is installed only when none is.
if ! command -v node >/dev/null 2>&1; then
  pkgs+=(nodejs)
fi

missing=()
for p in "${pkgs[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  SUDO="sudo"
fi
echo "setup: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
