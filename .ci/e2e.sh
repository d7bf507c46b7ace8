#!/usr/bin/env bash
# e2e.sh drives the real x360sync binary against the real mock server binary, on a real X
# server (Xvfb) with a real keyring (a private gnome-keyring), using the keyboard only
# (xdotool), and checks the results from outside: the keyring entry, the mock's devices, the
# files the app saves. Eight journeys: bob (authenticator), carol (text message), dave (forced
# enrolment, Backup key saved through the app, PIN), dave's restart (Unlock), dave's ten wrong
# PINs (wipe and revocation), the Backup key dave saved used for recovery, erin (Account
# Recovery, then enrolment and a PIN), erin signing out from the Unlock screen (revoked with
# the revoke key), carol with the server gone mid sign-in (Retry), a second launch (it raises
# the first window), the tray, and the demo started twice (it resumes alice).
# Screenshots of each step go to build/e2e/. Run it through `make e2e`.
set -euo pipefail
[ -n "${E2E_TRACE:-}" ] && set -x
cd "$(dirname "$0")/.."
if [ -z "${X360SYNC_KEYRING_SESSION:-}" ]; then
  exec .ci/with-keyring.sh "$0" "$@"
fi

out=build/e2e
rm -rf "$out" && mkdir -p "$out"
. .ci/session.sh
start_xvfb
start_mock build/mockserver

fail() { echo "e2e: FAIL: $*" >&2; import -window root "$out/FAIL.png" 2>/dev/null || true; exit 1; }
shot() { import -window root "$out/$1.png"; }
# wait_for runs a check until it passes (15 s at most).
wait_for() { for _ in $(seq 150); do if eval "$1"; then return 0; fi; sleep 0.1; done; fail "timed out waiting for: $2"; }
requests() { grep -c "route=\"$1\"" "$out/mockserver.log" || true; }
texts_to_carol() { curl -s "$server/dev/outbox?to=%2B12025550143" | python3 -c "import json,sys; print(len(json.load(sys.stdin)))"; }
last_code_to_carol() { curl -s "$server/dev/outbox?to=%2B12025550143" | python3 -c "import json,sys; print(json.load(sys.stdin)[-1]['code'])"; }
# type_pin PIN CHECK WHAT types a wrong PIN and Enter on the Unlock screen, and waits until
# CHECK passes. The session writes the attempt's count before the PIN's key derivation ends;
# until the answer is on screen the PIN field is disabled (its keys are dropped) and Enter is
# refused, so a fixed pause after the count (0.8 s, more than the derivation on a quiet
# machine) lost the next PIN on a loaded one: "wrong PIN 5 to be counted" timed out. An
# attempt not seen within 5 s was never made: the field is emptied and the PIN typed again
# (three tries). Only for wrong PINs: typed again into the account window, keys could act.
type_pin() {
  local try
  for try in 1 2 3; do
    xdotool key --delay 10 BackSpace BackSpace BackSpace BackSpace BackSpace BackSpace BackSpace BackSpace BackSpace BackSpace BackSpace BackSpace
    xdotool type --delay 20 "$1"; xdotool key Return
    for _ in $(seq 50); do if eval "$2"; then return 0; fi; sleep 0.1; done
    echo "e2e: $3: not yet after 5 s (try $try), typing the PIN again" >&2
  done
  fail "timed out waiting for: $3"
}
# window is the visible main window's id (empty when there is none).
window() { xdotool search --onlyvisible --name '^x360Sync$' 2>/dev/null | head -n 1; }
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
shot 03-bob-done # "This computer is registered" stays until its button is pressed
before=$(requests "GET /api/v1/me")
sleep 1
[ "$(requests 'GET /api/v1/me')" -eq "$before" ] || fail "the Done screen did not stay: the account window opened by itself"
xdotool key Return # Open x360Sync (focused)
wait_for "[ \$(requests 'GET /api/v1/me') -gt $before ]" "the account window after Enter on the Done screen"
sleep 1
shot 03b-bob-account
# The server registers the device before the app writes the keyring: wait for the entry.
wait_for "has_entry bob" "bob's keyring entry"
found=$(secret-tool search --all service com.x360sync.desktop 2>&1 | tr -d "\\0") # whole, then grep: grep -q would cut a pipe off
grep -qxF "attribute.username = $(account)" <<<"$found" || fail "secret-tool search does not find bob's entry"
xdotool key ctrl+q # quits, as in every desktop app (a zombie until reaped counts as gone)
wait_for "! ps -o stat= -p $app | grep -qv Z" "the app to quit on Ctrl+Q"
stop_app

# carol: the code comes from the dev outbox.
start_app carol
sign_in carol
wait_for "[ \$(texts_to_carol) -ge 1 ]" "carol's text"
sleep 1
shot 04-carol-code
code=$(last_code_to_carol)
xdotool type --delay 20 "$code"
wait_for "[ \$(devices carol) -eq 1 ]" "carol's device on the server"
wait_for "has_entry carol" "carol's keyring entry"
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
uri=$(zbarimg -q --raw "$out/07-dave-confirm.png" 2>/dev/null | head -n 1 || true)
case "$uri" in otpauth://totp/*secret=*) ;; *) fail "no otpauth QR code on the confirmation page (read: '$uri')" ;; esac
secret=$(echo "$uri" | sed -n 's/.*[?&]secret=\([A-Z2-7]*\).*/\1/p')
# Save the Backup key through the app: Save to file opens the file dialog with the name
# filled in and the name field focused (the page opens on part 1's Copy; Tab is Save to file);
# Return saves, which also ticks "I have saved my Backup key".
xdotool key Tab space
sleep 1
shot 07b-dave-save-backup-key
xdotool key Return
wait_for "find '$HOME' -name x360sync-backup-key.txt | grep -q ." "the Backup key file"
keyfile=$(find "$HOME" -name x360sync-backup-key.txt | head -n 1)
backup=$(grep -oE '^[A-Z0-9]{4}(-[A-Z0-9]{4}){3}$' "$keyfile" || true)
[ -n "$backup" ] || fail "the saved Backup key file has no key: $(cat "$keyfile")"
sleep 0.5 # saved: the focus is in the Authentication Code field
xdotool type --delay 20 "$(oathtool --totp -b "$secret")"
wait_for "[ \$(requests 'POST /api/v1/2fa/enroll/confirm') -ge 1 ]" "dave's confirmation"
sleep 1
shot 08-dave-pin
xdotool type --delay 20 204913; xdotool key Tab; xdotool type --delay 20 204913; xdotool key Return
# The device is registered at the confirmation; the keyring entry is written once the PIN is set.
wait_for "has_entry dave" "dave's keyring entry"
[ "$(devices dave)" -eq 1 ] || fail "dave has $(devices dave) devices, want 1"
sleep 1
shot 08b-dave-done
before=$(requests "GET /api/v1/me")
xdotool key Return # the Done screen's Open x360Sync
wait_for "[ \$(requests 'GET /api/v1/me') -gt $before ]" "dave's account window after the Done screen"
value=$(secret-tool lookup service com.x360sync.desktop username "$(account)" | base64 -w0)
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
type_pin 111111 "grep -q '\"pin_failures\": 1' '$XDG_CONFIG_HOME/x360sync/state.json'" "the wrong PIN to be counted"
sleep 2 # the key derivation (about 250 ms; longer on a loaded machine) and the message
shot 11-dave-wrong-pin
before=$(requests "GET /api/v1/me")
xdotool type --delay 20 204913; xdotool key Return
wait_for "[ \$(requests 'GET /api/v1/me') -gt $before ]" "the account window after unlocking"
sleep 1
shot 12-dave-unlocked
stop_app

# Restart again and type ten wrong PINs. From the 5th the app makes the person wait (30 s,
# then doubling); the test lets that time pass by moving the recorded time of the last failure
# back while the app is closed, then starts it again. The 10th wipes the credential and revokes
# the device with its revoke key.
state="$XDG_CONFIG_HOME/x360sync/state.json"
revoke_ref=$(python3 -c "import json; print(json.load(open('$state'))['revoke_ref'])")
dave_account=$(account) # the wipe forgets it
secret-tool lookup service com.x360sync.desktop username "revoke:$revoke_ref" >/dev/null 2>&1 || fail "dave's revoke key is not in the keyring"
start_dave() {
  build/x360sync --server "$server" >>"$out/app-dave-3.log" 2>&1 &
  app=$!
  pids+=($app)
  wait_for "xdotool search --onlyvisible --name x360Sync >/dev/null 2>&1" "the window"
  sleep 1.5
}
start_dave
for i in $(seq 10); do
  if [ "$i" -gt 5 ]; then
    stop_app
    python3 - "$state" <<'PY'
import json, sys
p = sys.argv[1]
st = json.load(open(p))
st["last_pin_failure"] = "2000-01-01T00:00:00Z"
json.dump(st, open(p, "w"))
PY
    start_dave
  fi
  # The 10th is counted and wipes the registration at once (the count may never be seen).
  type_pin "11111$i" "grep -qE '\"pin_failures\": ?$i\\b' '$state' || { [ $i -eq 10 ] && ! grep -q device_id '$state'; }" "wrong PIN $i to be counted"
  [ "$i" -eq 10 ] && break
  sleep 0.8 # the usual key derivation and answer, so the next PIN is usually typed once
  [ "$i" -eq 5 ] && shot 13-dave-pin-delay
done
wait_for "! grep -q device_id '$state'" "the wipe after the 10th wrong PIN"
wait_for "[ \$(devices dave) -eq 0 ]" "dave's device to be revoked on the server"
[ "$(requests 'POST /api/v1/devices/revoke')" -eq 1 ] || fail "the device was not revoked with its revoke key"
secret-tool lookup service com.x360sync.desktop username "$dave_account" >/dev/null 2>&1 && fail "dave's credential survived ten wrong PINs"
secret-tool lookup service com.x360sync.desktop username "revoke:$revoke_ref" >/dev/null 2>&1 && fail "dave's revoke key outlived the revocation"
sleep 1
shot 14-dave-wiped
stop_app

# The Backup key dave saved through the app works: Account Recovery with it disables his
# two-step authentication (the answer is neutral by design; /dev/users shows the effect).
curl -sf -X POST -H 'Content-Type: application/json' -d "{\"email\":\"dave@globex.test\",\"backup_key\":\"$backup\"}" "$server/api/v1/recovery" >/dev/null
[ "$(curl -s "$server/dev/users" | python3 -c "import json,sys; print(next(u['two_factor_enabled'] for u in json.load(sys.stdin) if u['username']=='dave'))")" = False ] ||
  fail "the Backup key saved through the app did not work for Account Recovery"

# erin: Account Recovery with her Backup key from the Sign in screen ("Need to disable two-step
# authentication?"), then sign-in without a code leads to enrolment (Globex requires it).
start_app erin
xdotool key Tab Tab Tab Tab space # username, password, device name, Sign in, the recovery link
wait_for "xdotool search --onlyvisible --name x360Sync >/dev/null 2>&1" "the window"
sleep 0.5
shot 15-erin-recovery
xdotool type --delay 20 erin@globex.test; xdotool key Tab; xdotool type --delay 20 R8TW-5JGC-2MYB-6KQF; xdotool key Return
wait_for "[ \$(requests 'POST /api/v1/recovery') -ge 2 ]" "erin's recovery request"
sleep 1
shot 16-erin-recovered
[ "$(curl -s "$server/dev/users" | python3 -c "import json,sys; print(next(u['two_factor_enabled'] for u in json.load(sys.stdin) if u['username']=='erin'))")" = False ] ||
  fail "erin's recovery did not disable two-step authentication"
before=$(requests "POST /api/v1/auth/login")
sign_in erin
wait_for "[ \$(requests 'POST /api/v1/auth/login') -gt $before ]" "erin's sign-in"
sleep 1
shot 17-erin-enroll
xdotool key Return # Authenticator mobile app
wait_for "[ \$(requests 'POST /api/v1/2fa/enroll') -ge 2 ]" "erin's enrolment to start"
sleep 1
shot 17b-erin-confirm
uri=$(zbarimg -q --raw "$out/17b-erin-confirm.png" 2>/dev/null | head -n 1 || true)
erin_secret=$(echo "$uri" | sed -n 's/.*[?&]secret=\([A-Z2-7]*\).*/\1/p')
[ -n "$erin_secret" ] || fail "no otpauth QR code on erin's confirmation page (read: '$uri')"
xdotool key Tab space # from Copy, Save to file: it ticks the Backup key box
sleep 1
xdotool key Return
wait_for "find '$HOME' -name x360sync-backup-key.txt | grep -q ." "erin's Backup key file"
sleep 0.5
xdotool type --delay 20 "$(oathtool --totp -b "$erin_secret")"
wait_for "[ \$(requests 'POST /api/v1/2fa/enroll/confirm') -ge 2 ]" "erin's confirmation"
sleep 1
xdotool type --delay 20 739205; xdotool key Tab; xdotool type --delay 20 739205; xdotool key Return
wait_for "has_entry erin" "erin's keyring entry"
[ "$(devices erin)" -eq 1 ] || fail "erin has $(devices erin) devices, want 1"
stop_app

# Signing out from the Unlock screen ("Sign out and sign in again", PIN not known) asks first
# (cancelled once, then confirmed) and still revokes the device on the server, with its revoke key, and removes both keyring entries.
build/x360sync --server "$server" >"$out/app-erin-2.log" 2>&1 &
app=$!
pids+=($app)
wait_for "xdotool search --onlyvisible --name x360Sync >/dev/null 2>&1" "erin's window after the restart"
sleep 1.5
shot 17c-erin-unlock
erin_ref=$(python3 -c "import json; print(json.load(open('$XDG_CONFIG_HOME/x360sync/state.json'))['revoke_ref'])")
erin_account=$(account) # the sign-out forgets it
xdotool key Tab Tab space # from the PIN field: Unlock, then "Sign out and sign in again": it asks first
sleep 1
shot 17c2-erin-sign-out-confirm
xdotool key Escape # Cancel (focused first): nothing happens
sleep 1
[ "$(devices erin)" -eq 1 ] || fail "cancelling the sign-out confirmation signed erin out"
secret-tool lookup service com.x360sync.desktop username "$erin_account" >/dev/null 2>&1 || fail "cancelling the sign-out confirmation removed erin's credential"
xdotool key space # the link again (the focus came back to it), then Tab to the red Sign out
sleep 1
xdotool key Tab space
wait_for "[ \$(devices erin) -eq 0 ]" "erin's device to be revoked from the Unlock screen"
secret-tool lookup service com.x360sync.desktop username "$erin_account" >/dev/null 2>&1 && fail "erin's credential survived the sign-out"
wait_for "! secret-tool lookup service com.x360sync.desktop username 'revoke:$erin_ref' >/dev/null 2>&1" "erin's revoke key to go once the revocation was sent"
sleep 1
shot 17d-erin-signed-out
stop_app

# The server goes away in the middle of a sign-in (after the password, before the code): the
# app says it cannot reach the server; once the server is back (same -data) Retry finishes it.
start_app carol-2
sign_in carol
wait_for "[ \$(texts_to_carol) -ge 2 ]" "carol's second text"
code=$(last_code_to_carol)
kill "$mock"; wait "$mock" 2>/dev/null || true
xdotool type --delay 20 "$code" # the sixth digit submits
sleep 3 # the client's retries of a connection error, then the message
shot 18-carol-server-gone
curl -sf "$server/healthz" >/dev/null && fail "the mock server is still up"
build/mockserver -addr "127.0.0.1:$port" -data "$work/mock.db" >>"$out/mockserver.log" 2>&1 &
pids+=($!)
wait_for "curl -sf '$server/healthz' >/dev/null" "the mock server to come back"
xdotool key Return # Retry (Enter in the code field repeats the step)
wait_for "[ \$(devices carol) -eq 2 ]" "carol's second device after Retry"
sleep 1
shot 19-carol-retried
stop_app

# A second launch on the same profile hands over to the first: it exits 0 within a second,
# no second window stays, and the first window, unmapped beforehand, is mapped and focused
# again. (Unmapping is what hiding to the tray does; Xvfb has no window manager that could
# minimise, so xdotool windowminimize would change nothing here and prove nothing. The window
# loses the focus when unmapped; GLFW gives it back on Show, so the focus check proves the
# window is usable again, not that RequestFocus ran.)
start_app second-launch
first=$(window)
[ -n "$first" ] || fail "the first launch shows no window"
windows=$(xdotool search --name '^x360Sync$' | wc -l)
xdotool windowunmap --sync "$first"
[ -z "$(window)" ] || fail "the first window is still visible after unmapping it"
start=$(date +%s%N)
rc=0
timeout 10 build/x360sync --server "$server" >"$out/app-second-launch-2.log" 2>&1 || rc=$?
ms=$((($(date +%s%N) - start) / 1000000))
[ "$rc" -eq 0 ] || fail "the second launch exited $rc, want 0: $(cat "$out/app-second-launch-2.log")"
[ "$ms" -lt 1000 ] || fail "the second launch took $ms ms to hand over, want under 1000"
grep -q "already open: its window was brought to the front" "$out/app-second-launch-2.log" ||
  fail "the second launch said nothing in its terminal: $(cat "$out/app-second-launch-2.log")"
wait_for "[ \"\$(window)\" = $first ]" "the first window to be shown again"
[ "$(xdotool search --name '^x360Sync$' | wc -l)" -eq "$windows" ] || fail "the second launch left a window"
[ "$(xdotool getwindowfocus)" = "$first" ] || fail "the first window was shown again but not focused"
kill -0 "$app" 2>/dev/null || fail "the first launch quit"
echo "e2e: the second launch handed over in $ms ms"
sleep 0.5
shot 19b-second-launch-raised
stop_app

# The tray. Without a tray host, closing the window quits. With one (.ci/traywatcher stands in
# for the desktop's), the app puts its menu in the tray (read over D-Bus: com.canonical.dbusmenu),
# the menu follows the session, closing the window only hides it, Open brings it back and Quit
# quits.
go build -o "$work/traywatcher" ./.ci/traywatcher
start_app tray-none
"$work/traywatcher" close "$(window)" 2>>"$out/traywatcher.log"
wait_for "! kill -0 $app 2>/dev/null" "the app to quit when its window closes with no tray host"
"$work/traywatcher" serve >"$work/tray.out" 2>>"$out/traywatcher.log" &
pids+=($!)
wait_for "grep -q ready '$work/tray.out'" "the stand-in tray host"
start_app tray
wait_for "grep -q '^registered' '$work/tray.out'" "the app's tray icon to register"
icon=$(awk '/^registered/ {print $2}' "$work/tray.out" | tail -n 1)
menu() { gdbus call --session --dest "$icon" --object-path /StatusNotifierItem/menu --method com.canonical.dbusmenu.GetLayout 0 -- -1 "[]"; }
item() { menu | python3 -c "import re,sys; print(re.search(r\"\\((\\d+), \\{[^}]*'label': <'\"+sys.argv[1]+\"'>\", sys.stdin.read()).group(1))" "$1"; }
click() { gdbus call --session --dest "$icon" --object-path /StatusNotifierItem/menu --method com.canonical.dbusmenu.Event "$(item "$1")" clicked "<0>" 0 >/dev/null; }
for label in "Not signed in" "Open x360Sync" Lock "Sign out" Quit; do
  menu | grep -q "'label': <'$label'>" || fail "the tray menu lacks '$label': $(menu)"
done
sign_in alice
wait_for "[ \$(devices alice) -ge 1 ]" "alice's device on the server"
wait_for "menu | grep -q \"'label': <'Signed in as alice'>\"" "the tray menu to say who is signed in"
shot 20-tray-signed-in
"$work/traywatcher" close "$(window)" 2>>"$out/traywatcher.log"
wait_for "[ -z \"\$(window)\" ]" "the window to hide"
kill -0 "$app" 2>/dev/null || fail "closing the window quit the app although the tray could bring it back"
click "Open x360Sync"
wait_for "[ -n \"\$(window)\" ]" "Open in the tray menu to show the window again"
click Quit
wait_for "! kill -0 $app 2>/dev/null" "Quit in the tray menu to quit"

# make run twice: the demo (its in-process mock server, its own state, data file and keyring
# service) resumes alice's registration on the second start, on a new port.
export HOME="$work/home-demo" XDG_CONFIG_HOME="$work/home-demo/.config" XDG_CACHE_HOME="$work/home-demo/.cache"
mkdir -p "$HOME"
demolog="$XDG_CACHE_HOME/x360sync/x360sync.log"
build/x360sync --demo >"$out/app-demo-1.log" 2>&1 &
app=$!
pids+=($app)
wait_for "grep -q 'path=/api/v1/server status=200' '$demolog' 2>/dev/null" "the demo to check its server"
# The Demo phone opens after the main window's first frame and takes the focus as it shows
# (GLFW focuses a window on show): wait for it, then give the focus back to the main window.
# A fixed pause lost the race on a loaded machine (the name went to the Demo phone).
wait_for "xdotool search --onlyvisible --name 'Demo phone' >/dev/null" "the Demo phone window"
sleep 1
wid=$(xdotool search --onlyvisible --name '^x360Sync$' | head -n 1)
xdotool windowfocus --sync "$wid" 2>/dev/null || true
sign_in alice
demo_state="$XDG_CONFIG_HOME/x360sync/demo/state.json"
wait_for "grep -q device_id '$demo_state' 2>/dev/null" "alice's demo registration"
demo_account=$(python3 -c "import json; print(json.load(open('$demo_state'))['account'])")
case "$demo_account" in */alice/?*) ;; *) fail "the demo registered '$demo_account', want alice" ;; esac
secret-tool lookup service com.x360sync.desktop.demo username "$demo_account" >/dev/null 2>&1 || fail "alice's credential is not under the demo's keyring service"
secret-tool lookup service com.x360sync.desktop username "$demo_account" >/dev/null 2>&1 && fail "demo mode wrote into the real keyring service"
shot 19c-demo-first
stop_app
before=$(grep -c 'path=/api/v1/me status=200' "$demolog" || true)
build/x360sync --demo >"$out/app-demo-2.log" 2>&1 &
app=$!
pids+=($app)
wait_for "[ \$(grep -c 'path=/api/v1/me status=200' '$demolog' || true) -gt $before ]" "the second demo run to open alice's account"
sleep 1
shot 19d-demo-resumed
grep -q "Can't reach" "$out/app-demo-2.log" && fail "the second demo run could not reach its server"
stop_app

# No secret of the run reaches a file the app wrote: its log files (one per HOME) and what it
# printed. The password, the PINs typed, backup keys, the codes used and any token.
logs=$(find "$work" -path '*/.cache/x360sync/*.log' | sort)
[ -n "$logs" ] || fail "the app wrote no log file"
grep -q 'api request' $logs || fail "the log files hold no API requests"
# (The demo's in-process server prints its banner with the published demo password to the
# terminal of `make run`, on purpose: that output is left out for the password alone.)
printed=$(ls "$out"/app-*.log | grep -v '/app-demo-')
for secret in x360sync-demo 204913 739205 111111 R8TW-5JGC-2MYB-6KQF "$backup" "$code" x3a_ x3r_ x3k_ x3c_; do
  files="$logs $printed"
  [ "$secret" = x360sync-demo ] || files="$files $(ls "$out"/app-demo-*.log)"
  if grep -l -- "$secret" $files >/dev/null 2>&1; then
    fail "a secret ($secret) is in $(grep -l -- "$secret" $files | head -n 1)"
  fi
done

echo "screenshots in $out"
echo "e2e: 13 passed, 0 failed"
