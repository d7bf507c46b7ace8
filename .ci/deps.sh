#!/usr/bin/env bash
# deps.sh installs the system packages a make target needs, and only those that are missing.
# Usage: .ci/deps.sh build|test|e2e|bench|package|windows ...
# On Debian/Ubuntu it uses apt-get as root, sudo otherwise, or prints the exact command and
# stops. On macOS and Windows it says what to install, since there is no package step to run.
set -euo pipefail

build_pkgs="gcc libc6-dev pkg-config libgl1-mesa-dev xorg-dev libxkbcommon-dev libwayland-dev"
test_pkgs="xvfb xauth dbus gnome-keyring libsecret-tools oathtool desktop-file-utils"
e2e_pkgs="xdotool x11-apps x11-utils imagemagick zbar-tools curl"
bench_pkgs="nextcloud-desktop"
# make package: icons (convert), objdump for the .deb's Depends, the desktop-entry and
# AppStream validators that check-deb.sh runs.
package_pkgs="imagemagick binutils desktop-file-utils appstream"
# make windows / windows-test: the mingw compiler (cgo for the GUI, the Wine-only
# bcryptprimitives stand-in), Wine 8 (64-bit only) to run the tests, wixl (msitools) for the .msi.
windows_pkgs="gcc-mingw-w64-x86-64 wine wine64 msitools wixl xvfb xauth x11-apps xdotool imagemagick"

want=""
for group in "$@"; do
  case "$group" in
    build) want="$want $build_pkgs" ;;
    test) want="$want $build_pkgs $test_pkgs" ;;
    e2e) want="$want $build_pkgs $test_pkgs $e2e_pkgs" ;;
    bench) want="$want $build_pkgs $test_pkgs $e2e_pkgs $bench_pkgs" ;;
    package) want="$want $build_pkgs $package_pkgs" ;;
    windows) want="$want $windows_pkgs" ;;
    *) echo "deps.sh: unknown group '$group' (use build, test, e2e, bench, package or windows)" >&2; exit 2 ;;
  esac
done

case "$(uname -s)" in
  Darwin)
    echo "deps: on macOS install the Xcode command line tools (xcode-select --install) and Go 1.26; nothing else is needed to build." >&2
    exit 0 ;;
  MINGW*|MSYS*|CYGWIN*)
    echo "deps: on Windows install Go 1.26 and a gcc toolchain (MSYS2 mingw-w64-x86_64-gcc) on PATH." >&2
    exit 0 ;;
esac

if ! command -v dpkg-query >/dev/null 2>&1; then
  echo "deps: this is not a Debian/Ubuntu system; install the equivalents of:$want" >&2
  exit 0
fi

missing=""
for p in $want; do
  case " $missing " in *" $p "*) continue ;; esac
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing="$missing $p"
  fi
done
[ -z "$missing" ] && exit 0

cmd="apt-get install -y -q --no-install-recommends$missing"
if [ "$(id -u)" -eq 0 ]; then
  sudo=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  sudo="sudo"
else
  echo "deps: these system packages are missing:$missing" >&2
  echo "deps: install them with:  sudo apt-get update && sudo $cmd" >&2
  exit 1
fi
echo "deps: installing$missing"
export DEBIAN_FRONTEND=noninteractive
# A stale package list is the usual reason an install fails on a fresh machine; refresh once.
$sudo apt-get update -q >/dev/null
$sudo $cmd >/dev/null
