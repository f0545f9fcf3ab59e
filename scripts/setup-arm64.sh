#!/usr/bin/env bash
# setup-arm64.sh installs what `make arm64` needs to cross-build the kiosk for
# linux/arm64 (many kiosks are ARM boards): Debian's aarch64 cross compiler and
# the arm64 builds of the GL/X11 libraries Fyne links against (multiarch). Like
# setup.sh it is idempotent and only calls apt when something is missing.
set -euo pipefail

pkgs=(gcc-aarch64-linux-gnu libc6-dev-arm64-cross)
for lib in libgl1-mesa-dev libx11-dev libxcursor-dev libxrandr-dev libxinerama-dev libxi-dev libxxf86vm-dev; do
  pkgs+=("$lib:arm64")
done

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  SUDO="sudo"
fi
if ! dpkg --print-foreign-architectures | grep -qx arm64; then
  echo "setup-arm64: enabling the arm64 architecture for apt" >&2
  $SUDO dpkg --add-architecture arm64
  $SUDO apt-get update -qq
fi
missing=()
for p in "${pkgs[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "setup-arm64: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
