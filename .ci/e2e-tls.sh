#!/usr/bin/env bash
# e2e-tls.sh is the journey against `mockserver -tls` (issue 13): the real app under Xvfb with a
# private keyring meets a self-signed certificate, shows it, is told by keyboard to trust it
# (Cancel has the focus; Shift+Tab, Space), registers alice through the pin; then the server
# restarts with a new certificate and the restarted app stops before sending anything, keeps
# the credential and says the certificate changed. Screenshots go to build/e2e-tls/. Run it
# through `make e2e`.
set -euo pipefail
[ -n "${E2E_TRACE:-}" ] && set -x
cd "$(dirname "$0")/.."
if [ -z "${X360SYNC_KEYRING_SESSION:-}" ]; then
  exec .ci/with-keyring.sh "$0" "$@"
fi

out=build/e2e-tls
rm -rf "$out" && mkdir -p "$out"
. .ci/session.sh
start_xvfb

fail() { echo "e2e-tls: FAIL: $*" >&2; exit 1; }
shot() { import -window root "$out/$1.png"; }
wait_for() { for _ in $(seq 150); do if eval "$1"; then return 0; fi; sleep 0.1; done; fail "timed out waiting for: $2"; }
served() { grep -c 'msg=request' "$1" || true; }
handshakes() { grep -c 'TLS handshake error' "$1" || true; }

# start_tls LOG: `mockserver -tls` on $port with its state in $work/mock.db; sets $fingerprint
# from what it prints.
port=$((20000 + RANDOM % 20000))
server="https://127.0.0.1:$port"
start_tls() {
  build/mockserver -tls -addr "127.0.0.1:$port" -data "$work/mock.db" >"$1" 2>&1 &
  mock=$!
  pids+=($mock)
  wait_for "grep -q 'mock server on' '$1'" "the TLS mock server to start"
  fingerprint=$(sed -n 's/^TLS certificate SHA-256 fingerprint: //p' "$1")
  [ -n "$fingerprint" ] || fail "the mock server printed no fingerprint"
}
devices() { curl -sk "$server/dev/users" | python3 -c "import json,sys; print(next(u['devices'] for u in json.load(sys.stdin) if u['username']=='$1'))"; }

export HOME="$work/home" XDG_CONFIG_HOME="$work/home/.config"
mkdir -p "$HOME"
state="$XDG_CONFIG_HOME/x360sync/state.json"

start_tls "$out/mock-1.log"
first=$fingerprint
build/x360sync --server "$server" >"$out/app-1.log" 2>&1 &
app=$!
pids+=($app)
# The app checks the address at once; the handshake fails on the untrusted certificate.
wait_for "[ \$(handshakes '$out/mock-1.log') -ge 1 ]" "the app's first handshake"
sleep 1.5
shot 01-certificate
[ "$(served "$out/mock-1.log")" -eq 0 ] || fail "a request reached the server before its certificate was trusted"
xdotool key shift+Tab space # Cancel has the focus: Shift+Tab to Trust this certificate
wait_for "grep -q 'route=\"GET /api/v1/server\"' '$out/mock-1.log'" "the check through the pin"
wait_for "[ -f '$state' ] && grep -q '$first' '$state'" "the pin in the config file"
sleep 1
shot 02-signin
xdotool type --delay 20 alice; xdotool key Tab; xdotool type --delay 20 x360sync-demo; xdotool key Return
wait_for "[ \$(devices alice) -eq 1 ]" "alice's device on the server"
wait_for "has_entry alice" "alice's keyring entry"
sleep 1
shot 03-account
kill "$app"; wait "$app" 2>/dev/null || true

# The server comes back with a new certificate.
kill "$mock"; wait "$mock" 2>/dev/null || true
start_tls "$out/mock-2.log"
[ "$fingerprint" != "$first" ] || fail "the restarted server kept its certificate"
build/x360sync --server "$server" >"$out/app-2.log" 2>&1 &
app=$!
pids+=($app)
wait_for "[ \$(handshakes '$out/mock-2.log') -ge 1 ]" "the restarted app's handshake"
sleep 1.5
shot 04-certificate-changed
[ "$(served "$out/mock-2.log")" -eq 0 ] || fail "a request reached the server with the changed certificate: $(grep msg=request "$out/mock-2.log")"
grep -q '"device_id"' "$state" || fail "the changed certificate signed the device out: $(cat "$state")"
grep -q "$first" "$state" || fail "the old pin was replaced without asking"
secret-tool lookup service com.x360sync.desktop username "$(account)" >/dev/null 2>&1 || fail "the credential was wiped"
kill "$app"; wait "$app" 2>/dev/null || true

# Nothing secret in what the app wrote: its log file and its output.
logs=$(find "$HOME" -path '*/.cache/x360sync/*.log')
[ -n "$logs" ] || fail "the app wrote no log file"
for secret in x360sync-demo x3a_ x3r_ x3k_; do
  if grep -l -- "$secret" $logs "$out"/app-*.log >/dev/null 2>&1; then fail "a secret ($secret) is in a file the app wrote"; fi
done

echo "screenshots in $out"
echo "e2e-tls: 1 journey passed"
