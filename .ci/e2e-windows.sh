#!/usr/bin/env bash
# e2e-windows.sh is a Windows journey of the real dist/windows/x360sync.exe under Wine (private
# prefix, own Xvfb: .ci/wine.sh) against the real mock server (dist/windows/mockserver.exe,
# also under Wine): the Sign in screen is shown (screenshot kept), alice registers by keyboard
# (xdotool), her credential is in the Credential Manager afterwards (read back by
# .ci/wincred, not by the app), then "x360sync signout" revokes the device and the credential
# is gone. Screenshots and logs in build/e2e-windows/. Run by make e2e-windows (after make
# windows).
set -euo pipefail
cd "$(dirname "$0")/.."
out=build/e2e-windows
rm -rf "$out" && mkdir -p "$out"
WINE_PREFIX_NAME=e2e-prefix . .ci/wine.sh
fail() {
  echo "e2e-windows: $*" >&2
  import -window root "$out/failed.png" 2>/dev/null || true
  exit 1
}
shot() { import -window root "$out/$1.png"; }
wait_for() { for _ in $(seq 300); do if eval "$1"; then return 0; fi; sleep 0.1; done; fail "timed out waiting for: $2"; }
requests() { grep -c "route=\"$1\"" "$out/mockserver.log" || true; }
devices() { curl -s "$server/dev/users" | python3 -c "import json,sys; print(next(u['devices'] for u in json.load(sys.stdin) if u['username']=='$1'))"; }
creds() { wine build/windows/wincred.exe com.x360sync.desktop: 2>/dev/null | tr -d '\r'; }

GOOS=windows CGO_ENABLED=0 go build -o build/windows/wincred.exe ./.ci/wincred
# The prefix may hold a registration from an earlier run: start from none.
rm -rf "$WINEPREFIX/drive_c/users/$(id -un)/AppData/Roaming/x360sync"
for c in $(creds); do echo "e2e-windows: stale credential $c" >&2; done

port=$((20000 + RANDOM % 20000))
server="http://127.0.0.1:$port"
wine dist/windows/mockserver.exe -addr "127.0.0.1:$port" >"$out/mockserver.log" 2>&1 &
wine_pids+=($!)
wait_for "curl -sf $server/healthz >/dev/null" "the mock server under Wine"

wine dist/windows/x360sync.exe --server "$server" >"$out/app.log" 2>&1 &
app=$!
wine_pids+=($app)
wait_for "xdotool search --name '^x360Sync' >/dev/null 2>&1" "the app's window"
wait_for "[ \$(requests 'GET /api/v1/server') -ge 1 ]" "the app's server check"
sleep 2
win=$(xdotool search --name '^x360Sync' | head -1)
xdotool windowactivate --sync "$win" 2>/dev/null || xdotool windowfocus --sync "$win" || true
shot 01-signin

xdotool type --delay 30 alice
xdotool key Tab
xdotool type --delay 30 x360sync-demo
xdotool key Return
wait_for "[ \$(devices alice) -ge 1 ]" "alice's device on the server"
# Her registration's own account: "<server host>/alice/<its id, 16 hex digits>".
wait_for "creds | grep -qxE 'com\\.x360sync\\.desktop:127\\.0\\.0\\.1:$port/alice/[0-9a-f]{16}'" "alice's credential in the Credential Manager"
sleep 1
shot 02-registered
kill "$app" 2>/dev/null || true
wait "$app" 2>/dev/null || true

wine dist/windows/x360sync.exe signout >"$out/signout.log" 2>&1 || fail "x360sync signout: $(cat "$out/signout.log")"
[ "$(devices alice)" -eq 0 ] || fail "alice still has $(devices alice) devices after signout"
[ -z "$(creds)" ] || fail "credentials left after signout: $(creds)"
echo "e2e-windows: Sign in shown, alice registered by keyboard, credential in the Credential Manager, signed out and gone (screenshots in $out)"
