# session.sh is sourced by e2e.sh and bench.sh: a work folder and the processes started are
# cleaned up on exit; an Xvfb on a free display; the mock server binary on a free port.
# Callers set $out (where logs go) first.

work=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work" 2>/dev/null || true
}
trap cleanup EXIT

# start_xvfb [Xvfb options]: a display number nobody else uses (the X socket namespace is
# shared on this machine); returns once the server answers.
start_xvfb() {
  disp=$((90 + RANDOM % 100))
  Xvfb ":$disp" -screen 0 1024x768x24 -nolisten tcp "$@" >"$out/xvfb.log" 2>&1 &
  pids+=($!)
  export DISPLAY=":$disp"
  for _ in $(seq 50); do xdpyinfo >/dev/null 2>&1 && break; sleep 0.1; done
}

# start_mock BINARY: the mock server with its state in $work/mock.db, at $server; its pid is
# $mock. Returns once /healthz answers.
start_mock() {
  port=$((20000 + RANDOM % 20000))
  server="http://127.0.0.1:$port"
  "$1" -addr "127.0.0.1:$port" -data "$work/mock.db" >"$out/mockserver.log" 2>&1 &
  mock=$!
  pids+=($mock)
  for _ in $(seq 100); do curl -sf "$server/healthz" >/dev/null && break; sleep 0.1; done
}

# account is the keyring account the app recorded in the profile of $XDG_CONFIG_HOME: each
# registration has its own, "<server host>/<username>/<its id>" (empty before it registered).
account() { python3 -c "import json,sys; print(json.load(open(sys.argv[1])).get('account',''))" "$XDG_CONFIG_HOME/x360sync/state.json" 2>/dev/null || true; }

# has_entry USER says whether the profile's registration of USER with the server on $port is
# recorded and its credential is in the keyring under its own account.
has_entry() {
  local a
  a=$(account)
  case "$a" in "127.0.0.1:$port/$1/"?*) ;; *) return 1 ;; esac
  secret-tool lookup service com.x360sync.desktop username "$a" >/dev/null 2>&1
}
