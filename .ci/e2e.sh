#!/usr/bin/env bash
# e2e.sh drives the real x360sync binary against the real mock server binary, on a real X
# server (Xvfb) with a real keyring (a private gnome-keyring), using the keyboard only
# (xdotool), and checks the results from outside: the keyring entry, the mock's devices.
# Screenshots of each step go to build/e2e/. Run it through `make e2e`.
set -euo pipefail
[ -n "${E2E_TRACE:-}" ] && set -x
cd "$(dirname "$0")/.."
if [ -z "${X360SYNC_KEYRING_SESSION:-}" ]; then
  exec .ci/with-keyring.sh "$0" "$@"
fi

out=build/e2e
rm -rf "$out" && mkdir -p "$out"
work=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work" 2>/dev/null || true
}
trap cleanup EXIT

# A display number nobody else uses: the X socket namespace is shared on this machine.
disp=$((90 + RANDOM % 100))
Xvfb ":$disp" -screen 0 1024x768x24 -nolisten tcp >"$out/xvfb.log" 2>&1 &
pids+=($!)
export DISPLAY=":$disp"
for _ in $(seq 50); do xdpyinfo >/dev/null 2>&1 && break; sleep 0.1; done

port=$((20000 + RANDOM % 20000))
server="http://127.0.0.1:$port"
build/mockserver -addr "127.0.0.1:$port" -data "$work/mock.db" >"$out/mockserver.log" 2>&1 &
pids+=($!)
for _ in $(seq 100); do curl -sf "$server/healthz" >/dev/null && break; sleep 0.1; done

fail() { echo "e2e: FAIL: $*" >&2; exit 1; }
shot() { import -window root "$out/$1.png"; }
# wait_for runs a check until it passes (15 s at most).
wait_for() { for _ in $(seq 150); do if eval "$1"; then return 0; fi; sleep 0.1; done; fail "timed out waiting for: $2"; }
requests() { grep -c "route=\"$1\"" "$out/mockserver.log" || true; }
devices() { curl -s "$server/dev/users" | python3 -c "import json,sys; print(next(u['devices'] for u in json.load(sys.stdin) if u['username']=='$1'))"; }

# start_app runs the app with a fresh HOME and waits until the Sign in screen is ready
# (the app has checked the server).
start_app() {
  export HOME="$work/home-$1" XDG_CONFIG_HOME="$work/home-$1/.config"
  mkdir -p "$HOME"
  local before
  before=$(requests "GET /api/v1/server")
  build/x360sync --server "$server" >"$out/app-$1.log" 2>&1 &
  app=$!
  pids+=($app)
  wait_for "[ \$(requests 'GET /api/v1/server') -gt $before ]" "the app to check the server"
  sleep 1
}
# stop_app ends the app and waits until it is gone, so its window cannot be mistaken for the next.
stop_app() { kill "$app" 2>/dev/null || true; wait "$app" 2>/dev/null || true; }
sign_in() { # user
  xdotool type --delay 20 "$1"; xdotool key Tab; xdotool type --delay 20 x360sync-demo; xdotool key Return
}

# bob: authenticator code from oathtool.
start_app bob
shot 01-bob-signin
sign_in bob
wait_for "[ \$(requests 'POST /api/v1/auth/login') -ge 1 ]" "bob's sign-in"
sleep 1
shot 02-bob-code
xdotool type --delay 20 "$(oathtool --totp -b GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ)"
wait_for "[ \$(devices bob) -eq 1 ]" "bob's device on the server"
sleep 1
shot 03-bob-account
# The server registers the device before the app writes the keyring: wait for the entry.
wait_for "secret-tool search service com.x360sync.desktop 2>/dev/null | grep -q '127.0.0.1:$port/bob'" "bob's keyring entry"
stop_app

# carol: the code comes from the dev outbox.
start_app carol
sign_in carol
wait_for "curl -s '$server/dev/outbox?to=%2B12025550143' | grep -q code" "carol's text"
sleep 1
shot 04-carol-code
code=$(curl -s "$server/dev/outbox?to=%2B12025550143" | python3 -c "import json,sys; print(json.load(sys.stdin)[-1]['code'])")
xdotool type --delay 20 "$code"
wait_for "[ \$(devices carol) -eq 1 ]" "carol's device on the server"
wait_for "secret-tool search service com.x360sync.desktop 2>/dev/null | grep -q '127.0.0.1:$port/carol'" "carol's keyring entry"
sleep 1
shot 05-carol-account
stop_app

# dave: forced enrolment. The QR code is read from a screenshot of the real window, its
# otpauth URI gives the secret, oathtool the code; then a PIN.
start_app dave
sign_in dave
wait_for "[ \$(requests 'POST /api/v1/auth/login') -ge 3 ]" "dave's sign-in"
sleep 1
shot 06-dave-enroll
xdotool key Return # Authentication Mode: Authenticator mobile app (the default)
wait_for "[ \$(requests 'POST /api/v1/2fa/enroll') -ge 1 ]" "dave's enrolment"
sleep 1
shot 07-dave-confirm
uri=$(zbarimg -q --raw "$out/07-dave-confirm.png" 2>/dev/null | head -n 1)
case "$uri" in otpauth://totp/*secret=*) ;; *) fail "no otpauth QR code on the confirmation page (read: '$uri')" ;; esac
secret=$(echo "$uri" | sed -n 's/.*[?&]secret=\([A-Z2-7]*\).*/\1/p')
xdotool key shift+Tab shift+Tab space Tab Tab # tick "I have saved my backup key", back to the code
xdotool type --delay 20 "$(oathtool --totp -b "$secret")"
wait_for "[ \$(requests 'POST /api/v1/2fa/enroll/confirm') -ge 1 ]" "dave's confirmation"
sleep 1
shot 08-dave-pin
xdotool type --delay 20 204913; xdotool key Tab; xdotool type --delay 20 204913; xdotool key Return
# The device is registered at the confirmation; the keyring entry is written once the PIN is set.
wait_for "secret-tool lookup service com.x360sync.desktop username '127.0.0.1:$port/dave' >/dev/null 2>&1" "dave's keyring entry"
[ "$(devices dave)" -eq 1 ] || fail "dave has $(devices dave) devices, want 1"
value=$(secret-tool lookup service com.x360sync.desktop username "127.0.0.1:$port/dave" | base64 -w0)
echo "$value" | base64 -d | grep -q "x3r_" && fail "dave's keyring value shows the refresh token in clear"
sleep 1
shot 09-dave-account
stop_app

# Restart: the Unlock screen; a wrong PIN says how many attempts are left; the right PIN opens
# the account window (which then reads the account: GET /api/v1/me).
export HOME="$work/home-dave" XDG_CONFIG_HOME="$work/home-dave/.config"
build/x360sync --server "$server" >"$out/app-dave-2.log" 2>&1 &
app=$!
pids+=($app)
wait_for "xdotool search --onlyvisible --name x360Sync >/dev/null 2>&1" "the window after the restart"
sleep 1.5 # the keyring read and the first frame
shot 10-dave-unlock
xdotool type --delay 20 111111; xdotool key Return
wait_for "grep -q '\"pin_failures\": 1' '$XDG_CONFIG_HOME/x360sync/state.json'" "the wrong PIN to be counted"
sleep 1 # the key derivation (about 250 ms) and the message
shot 11-dave-wrong-pin
before=$(requests "GET /api/v1/me")
xdotool type --delay 20 204913; xdotool key Return
wait_for "[ \$(requests 'GET /api/v1/me') -gt $before ]" "the account window after unlocking"
sleep 1
shot 12-dave-unlocked
stop_app

echo "screenshots in $out"
echo "e2e: 4 passed, 0 failed"
