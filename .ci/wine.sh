#!/usr/bin/env bash
# wine.sh is sourced by the Windows test scripts. It makes a private, throw-away Wine prefix
# under build/wine (never the user's ~/.wine; build/wine/${WINE_PREFIX_NAME:-prefix}, so two
# scripts can each have their own), with two test-only stand-ins for Wine 8: bcryptprimitives.dll,
# which Go >= 1.24 programs need (.ci/wine/bcryptprimitives.c), and uiautomationcore.dll, which
# the screen reader bridge needs (.ci/wine/uiautomationcore.c); and starts an Xvfb display of
# its own. Exports WINEPREFIX, WINEDEBUG, DISPLAY; kills what it started at exit.
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export WINEPREFIX="$repo/build/wine/${WINE_PREFIX_NAME:-prefix}" WINEDEBUG=-all WINEARCH=win64
# No Mono or Gecko install prompts: the tests need neither.
export WINEDLLOVERRIDES="mscoree,mshtml="
mkdir -p "$repo/build/wine"

wine_pids=()
wine_cleanup() {
  wineserver -k 2>/dev/null || true
  local p
  for p in "${wine_pids[@]}"; do kill "$p" 2>/dev/null || true; done
}
trap wine_cleanup EXIT

# A display of our own: Wine's explorer and any GUI program need one; Xvfb -displayfd picks a
# free number.
exec {fd}<> <(:)
Xvfb -displayfd "$fd" -screen 0 1280x800x24 -nolisten tcp >"$repo/build/wine/xvfb.log" 2>&1 &
wine_pids+=($!)
read -r -t 10 num <&"$fd" || { echo "wine.sh: Xvfb did not start (build/wine/xvfb.log)" >&2; exit 1; }
export DISPLAY=":$num"

if [ ! -f "$WINEPREFIX/system.reg" ]; then
  echo "wine: creating the private prefix $WINEPREFIX"
  # wineboot once ended a fresh clone's run with exit 53 and no word (make test in CI): its
  # output goes to a log, and a failed creation is said and tried once more from scratch.
  for try in 1 2; do
    rc=0
    { wineboot -i && wineserver -w; } >"$repo/build/wine/wineboot-${WINE_PREFIX_NAME:-prefix}.log" 2>&1 || rc=$?
    [ $rc -eq 0 ] && break
    echo "wine: creating the prefix failed (exit $rc, try $try): $(tail -n 3 "$repo/build/wine/wineboot-${WINE_PREFIX_NAME:-prefix}.log" | tr '\n' ' ')" >&2
    wineserver -k 2>/dev/null || true
    rm -rf "$WINEPREFIX"
    [ "$try" -eq 2 ] && exit 1
  done
fi
dll="$repo/build/wine/bcryptprimitives.dll"
if [ ! -f "$dll" ] || [ "$repo/.ci/wine/bcryptprimitives.c" -nt "$dll" ]; then
  x86_64-w64-mingw32-gcc -O2 -shared -o "$dll" "$repo/.ci/wine/bcryptprimitives.c" \
    "$repo/.ci/wine/bcryptprimitives.def" -ladvapi32
fi
cp "$dll" "$WINEPREFIX/drive_c/windows/system32/bcryptprimitives.dll"
# The app carries Fyne's screen reader bridge, which Wine 8's UI Automation aborts on
# (.ci/wine/uiautomationcore.c): a stand-in that does nothing, as no screen reader listens here.
uia="$repo/build/wine/uiautomationcore.dll"
if [ ! -f "$uia" ] || [ "$repo/.ci/wine/uiautomationcore.c" -nt "$uia" ]; then
  x86_64-w64-mingw32-gcc -O2 -shared -o "$uia" "$repo/.ci/wine/uiautomationcore.c" \
    "$repo/.ci/wine/uiautomationcore.def"
fi
cp "$uia" "$WINEPREFIX/drive_c/windows/system32/uiautomationcore.dll"
# Native first for these DLLs, in this prefix only.
export WINEDLLOVERRIDES="$WINEDLLOVERRIDES;bcryptprimitives=n;uiautomationcore=n"
