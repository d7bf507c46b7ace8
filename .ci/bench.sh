#!/usr/bin/env bash
# bench.sh is make bench: start-up, memory, idle CPU, size and unlock time of the real app,
# measured side by side with a bare Fyne window (bench/bare) and Nextcloud's desktop client on
# one Xvfb, medians of BENCH_RUNS runs (default 5); then the Go benchmarks, the requests per
# human step and 500 concurrent registrations against the mock server binary. The report is
# build/bench/report.md; docs/PERFORMANCE.md quotes a run of it.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${X360SYNC_KEYRING_SESSION:-}" ]; then
  exec .ci/with-keyring.sh "$0" "$@"
fi
runs=${BENCH_RUNS:-5}
idle=${BENCH_IDLE:-30s}
out=build/bench
mkdir -p "$out"
. .ci/session.sh
report="$out/report.md"
say() { echo "$*" | tee -a "$report"; }
: >"$report"

# Stripped binaries, same Fyne version and flags for the app and the bare window, with the
# module file the shipped binaries are built with (.ci/slim.sh).
slim=$(.ci/slim.sh)
go build -modfile="$slim" -tags "${TAGS:-migrated_fynedo,no_animations}" -ldflags "-s -w" -o "$out/" ./cmd/x360sync ./bench/bare
go build -modfile="$slim" -ldflags "-s -w" -o "$out/" ./cmd/mockserver ./bench/xprobe ./bench/load

start_xvfb -br # a black root: a window not painted yet is black (xprobe's "painted")
start_mock "$out/mockserver"

# Registered homes for the account window (alice, no PIN) and Unlock (erin, PIN required),
# made with the app's own terminal front end.
home() { export HOME="$work/$1" XDG_CONFIG_HOME="$work/$1/.config"; mkdir -p "$HOME"; }
home alice
printf 'x360sync-demo\n' | "$out/x360sync" register --server "$server" --user alice >/dev/null
home erin
printf 'x360sync-demo\n%s\n204913\n204913\n' "$(oathtool --totp -b MFRGGZDFMZTWQ2LKNNWG23TPOBYXE43U)" |
  "$out/x360sync" register --server "$server" --user erin >/dev/null

# probe NAME HOME ARGS...: one xprobe run, its JSON appended to $out/NAME.jsonl.
probe() {
  local name=$1 h=$2
  shift 2
  if [ "$h" = fresh ]; then home "fresh-$name-$RANDOM"; else home "$h"; fi
  "$out/xprobe" "$@" >>"$out/$name.jsonl" 2>>"$out/$name.log"
}
rm -f "$out"/*.jsonl
for i in $(seq "$runs"); do
  echo "bench: run $i of $runs" >&2
  probe bare fresh -title bare -want painted -idle "$idle" -- "$out/bare"
  probe wizard fresh -title x360Sync -want blue -idle "$idle" -- "$out/x360sync" --server "$server"
  probe unlock erin -title x360Sync -want blue -type 204913 -then account -loaded loaded -- "$out/x360sync" --server "$server"
  probe account alice -title x360Sync -want account -idle "$idle" -- "$out/x360sync" --server "$server"
  probe nextcloud fresh -title "Nextcloud" -want blue -- nextcloud
  # make run: the demo with its in-process mock server, from a fresh profile.
  probe demo fresh -title x360Sync -want blue -- "$out/x360sync" --demo
done

# median FILE FIELD
median() { python3 -c "
import json, statistics, sys
v = [json.loads(l)['$2'] for l in open('$1') if l.strip()]
print(round(statistics.median(v), 2))"; }
ratio() { python3 -c "print(f'{$1 / $2:.2f}')"; }
size() { stat -c %s "$1"; }

bare_start=$(median "$out/bare.jsonl" start_ms)
wiz_start=$(median "$out/wizard.jsonl" start_ms)
unl_start=$(median "$out/unlock.jsonl" start_ms)
nc_start=$(median "$out/nextcloud.jsonl" start_ms)
demo_start=$(median "$out/demo.jsonl" start_ms)
bare_rss=$(median "$out/bare.jsonl" rss_kib)
wiz_rss=$(median "$out/wizard.jsonl" rss_kib)
acc_rss=$(median "$out/account.jsonl" rss_kib)
bare_cpu=$(median "$out/bare.jsonl" idle_cpu_pct)
wiz_cpu=$(median "$out/wizard.jsonl" idle_cpu_pct)
acc_cpu=$(median "$out/account.jsonl" idle_cpu_pct)
unlock=$(median "$out/unlock.jsonl" then_ms)
unlock_loaded=$(median "$out/unlock.jsonl" loaded_ms)
# CPU used by the program (all threads) up to its first frame: on a shared machine, steadier
# than the wall-clock time, which includes waiting for a core behind other programs.
bare_cpu0=$(median "$out/bare.jsonl" start_cpu_ms)
wiz_cpu0=$(median "$out/wizard.jsonl" start_cpu_ms)
unl_cpu0=$(median "$out/unlock.jsonl" start_cpu_ms)
demo_cpu0=$(median "$out/demo.jsonl" start_cpu_ms)
bare_size=$(size "$out/bare")
app_size=$(size "$out/x360sync")

say "# make bench — $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $runs runs, medians"
say ""
say "| measure | x360Sync | bare Fyne window | ratio | goal |"
say "|---|---|---|---|---|"
say "| start-up to the wizard's first frame (Sign in button painted) | $wiz_start ms | $bare_start ms | $(ratio "$wiz_start" "$bare_start")× | ≤ 1.15× |"
say "| start-up to the Unlock screen's first frame | $unl_start ms | $bare_start ms | $(ratio "$unl_start" "$bare_start")× | ≤ 1.15× |"
say "| make run (--demo, in-process mock server) to its first frame | $demo_start ms | $bare_start ms | $(ratio "$demo_start" "$bare_start")× | ≤ 1.3× |"
say "| start-up against Nextcloud's first-launch wizard ($nc_start ms) | $wiz_start ms | | $(ratio "$wiz_start" "$nc_start")× of Nextcloud | ≤ 0.35× |"
say "| steady RSS, idle wizard | $((wiz_rss / 1024)) MiB | $((bare_rss / 1024)) MiB | $(ratio "$wiz_rss" "$bare_rss")× | ≤ 1.2× |"
say "| steady RSS, idle account window | $((acc_rss / 1024)) MiB | $((bare_rss / 1024)) MiB | $(ratio "$acc_rss" "$bare_rss")× | ≤ 1.2× |"
say "| CPU over $idle idle, wizard | $wiz_cpu % | $bare_cpu % | +$(python3 -c "print(round($wiz_cpu - $bare_cpu, 2))") points | ≤ +0.5 points |"
say "| CPU over $idle idle, account window | $acc_cpu % | $bare_cpu % | +$(python3 -c "print(round($acc_cpu - $bare_cpu, 2))") points | ≤ +0.5 points |"
say "| stripped binary | $app_size B | $bare_size B | $(ratio "$app_size" "$bare_size")× | ≤ 1.3× |"
say "| Enter on the PIN to the account window's first frame | $unlock ms | | | ≤ 300 ms |"
say "| Enter on the PIN to the account's details shown (Sign out enabled) | $unlock_loaded ms | | | |"
say "| CPU to the first frame: wizard, Unlock, make run | $wiz_cpu0, $unl_cpu0, $demo_cpu0 ms | $bare_cpu0 ms | $(ratio "$wiz_cpu0" "$bare_cpu0")×, $(ratio "$unl_cpu0" "$bare_cpu0")×, $(ratio "$demo_cpu0" "$bare_cpu0")× | |"
say ""
say "Per run (ms): wizard $(python3 -c "import json; print([json.loads(l)['start_ms'] for l in open('$out/wizard.jsonl')])"), bare $(python3 -c "import json; print([json.loads(l)['start_ms'] for l in open('$out/bare.jsonl')])"), nextcloud $(python3 -c "import json; print([json.loads(l)['start_ms'] for l in open('$out/nextcloud.jsonl')])"), unlock $(python3 -c "import json; print([json.loads(l)['then_ms'] for l in open('$out/unlock.jsonl')])"), demo $(python3 -c "import json; print([json.loads(l)['start_ms'] for l in open('$out/demo.jsonl')])")"
say ""
say "## Requests per human step"
say '```'
go test -count=1 -run TestFlow_oneRequestPerHumanStep -v ./app/wizard/ 2>&1 | grep -E '^(=== RUN|--- |ok|FAIL)' | tee -a "$report"
say '```'
say ""
say "## Go benchmarks (client overhead per request; mock server sign-in + code, a keyed request with 1k/10k/100k cached keys, demo server start)"
say '```'
go test -run '^$' -bench . -benchtime 3s -count 5 ./client/ ./client/mockserver/ 2>&1 | grep -E '^(Benchmark|ok)' | tee -a "$report"
say '```'
say ""
say "## 500 concurrent registrations against the mock server binary"
say '```'
"$out/load" -mockserver "$out/mockserver" -n 500 2>&1 | tee -a "$report"
say '```'
echo "bench: report in $report" >&2
