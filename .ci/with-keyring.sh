#!/usr/bin/env bash
# with-keyring.sh runs a command inside a private D-Bus session that has its own unlocked,
# empty gnome-keyring (a real Secret Service), so keyring tests never touch the user's
# keyring and always start from nothing. X360SYNC_REAL_KEYRING=1 tells the tests it is there.
set -euo pipefail
if [ -z "${X360SYNC_KEYRING_SESSION:-}" ]; then
  data=$(mktemp -d)
  trap 'rm -rf "$data"' EXIT
  # Only XDG_DATA_HOME moves (the keyring files live there); HOME stays, so Go's caches stay warm.
  rc=0
  XDG_DATA_HOME="$data" X360SYNC_KEYRING_SESSION=1 dbus-run-session -- "$0" "$@" || rc=$?
  exit $rc
fi
# The test keyring's password is not a secret: the keyring lives and dies with this session.
printf 'x360sync-test-keyring' | gnome-keyring-daemon --unlock --components=secrets >/dev/null
export X360SYNC_REAL_KEYRING=1
"$@"
