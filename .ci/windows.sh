#!/usr/bin/env bash
# windows.sh VERSION builds, on Linux, dist/windows/x360sync.exe (the GUI: cgo with mingw, no
# console window) and dist/windows/mockserver.exe, each with its icon, version information and
# manifest (.ci/winres), then the per-user installer dist/windows/x360sync-VERSION.msi with
# msitools' wixl (packaging/windows/x360sync.wxs). The first GUI build compiles GLFW and
# go-gl with mingw: about 8 to 25 minutes on 2 cores; cached afterwards. The GUI carries Fyne's
# screen reader bridge (-tags accessibility).
set -euo pipefail
cd "$(dirname "$0")/.."
version=${1:?usage: windows.sh VERSION}
# The resource and the installer need x.y.z; FyneApp.toml holds the release number.
rel=$(sed -n 's/^ *Version = "\([0-9.]*\)"/\1/p' FyneApp.toml)
out=dist/windows
mkdir -p "$out" build/windows
go build -o build/windows/winres ./.ci/winres
syso=(cmd/x360sync/zz_winres_windows_amd64.syso cmd/mockserver/zz_winres_windows_amd64.syso)
trap 'rm -f "${syso[@]}"' EXIT
build/windows/winres -o "${syso[0]}" -name x360sync -desc "x360Sync" -version "$rel" -ico build/windows/x360sync.ico
build/windows/winres -o "${syso[1]}" -name mockserver -desc "x360Sync mock server" -version "$rel"

export GOOS=windows GOARCH=amd64
t0=$SECONDS
# accessibility: Fyne's screen reader bridge (UI Automation), for Narrator and NVDA.
# -modfile: go.mod less phonenumbers' unused geocoding (.ci/slim.sh says why).
slim=$(GOOS= GOARCH= .ci/slim.sh)
CGO_ENABLED=1 CC=x86_64-w64-mingw32-gcc go build -modfile="$slim" -tags migrated_fynedo,no_animations,accessibility \
  -ldflags "-H=windowsgui -X main.version=$version" -o "$out/x360sync.exe" ./cmd/x360sync
echo "windows: x360sync.exe built in $((SECONDS - t0))s"
.ci/slim.sh check "$out/x360sync.exe"
CGO_ENABLED=0 go build -modfile="$slim" -ldflags "-X main.version=$version" -o "$out/mockserver.exe" ./cmd/mockserver
rm -f "${syso[@]}"

rm -f "$out"/x360sync-*.msi
wixl -a x64 -D Version="$rel" -D Exe="$out/x360sync.exe" -D Ico=build/windows/x360sync.ico \
  -o "$out/x360sync-$rel.msi" packaging/windows/x360sync.wxs
ls -l "$out"
