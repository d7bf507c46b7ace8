#!/usr/bin/env bash
# windows-test.sh builds the Windows test binary of every package that needs no cgo
# (.ci/nocgo.sh windows; GOOS=windows go test -c) and runs each with Wine in a private prefix
# (.ci/wine.sh), from its package folder as go test would. That includes the tests built only
# on Windows: the Credential Manager round trip (app/vault), the Run key (app/autostart), the
# %APPDATA% / %LOCALAPPDATA% folders (app/config, app/applog). Logs in build/wine/tests/.
set -euo pipefail
cd "$(dirname "$0")/.."
. .ci/wine.sh
out=build/wine/tests
rm -rf "$out" && mkdir -p "$out"
mod=$(go list -m)
mapfile -t pkgs < <(.ci/nocgo.sh windows)
start=$SECONDS
name() { local d=${1#"$mod"/}; echo "${d//\//_}"; } # app/vault -> app_vault
# The Wine 8 work-around for os.RemoveAll (.ci/wine/deleteat_fallback.go.in), added to each
# package's test binary through an overlay, so the tree never holds it (named .go.txt so
# go vet ./... never finds it under build/).
overlay="$out/overlay"
mkdir -p "$overlay"
printf '{"Replace":{' >"$overlay/overlay.json"
sep=""
while read -r dir pkgname; do
  sed "s/^package PKG$/package $pkgname/" .ci/wine/deleteat_fallback.go.in >"$overlay/$(echo "$dir" | md5sum | cut -c1-12).go.txt"
  printf '%s"%s/zz_wine_deleteat_test.go":"%s"' "$sep" "$dir" "$PWD/$overlay/$(echo "$dir" | md5sum | cut -c1-12).go.txt" >>"$overlay/overlay.json"
  sep=","
done < <(GOOS=windows CGO_ENABLED=0 go list -f '{{.Dir}} {{.Name}}' "${pkgs[@]}")
printf '}}\n' >>"$overlay/overlay.json"
for p in "${pkgs[@]}"; do
  GOOS=windows GOARCH=amd64 CGO_ENABLED=0 go test -c -tags migrated_fynedo,no_animations \
    -overlay "$overlay/overlay.json" -ldflags=-checklinkname=0 -o "$out/$(name "$p").test.exe" "$p"
done
echo "windows-test: built ${#pkgs[@]} packages' tests in $((SECONDS - start))s"
failed=()
for p in "${pkgs[@]}"; do
  n=$(name "$p")
  exe="$out/$n.test.exe"
  [ -f "$exe" ] || continue # no test files
  dir=${p#"$mod"}
  dir=.${dir:-/}
  t0=$SECONDS
  skip='^$'
  while read -r pkg re why; do
    case "$pkg" in '#'* | '') continue ;; esac
    if [ "$mod/$pkg" = "$p" ]; then
      skip="$skip|$re"
      echo "skip $p $re under wine: $why (.ci/wine-skip)"
    fi
  done <.ci/wine-skip
  run_one() { (cd "$dir" && wine "$OLDPWD/$exe" -test.count=1 -test.timeout=5m -test.v -test.skip "$skip") >"$out/$n.log" 2>&1; }
  ok=0
  run_one && ok=1
  # Wine itself, not the test, can drop its connection to wineserver ("wine client error:
  # … recvmsg: Connection reset by peer", seen once in this session): with no test
  # failure in the log, the package runs once more, said aloud. A test that failed stays failed.
  if [ $ok -eq 0 ] && ! grep -q -- '--- FAIL' "$out/$n.log" && grep -q 'wine client error' "$out/$n.log"; then
    echo "again $p under wine: wine lost its server ($(grep -m1 'wine client error' "$out/$n.log"))"
    run_one && ok=1
  fi
  if [ $ok -eq 1 ]; then
    echo "ok   $p under wine ($((SECONDS - t0))s)"
  else
    echo "FAIL $p under wine; tail of $out/$n.log:"
    tail -20 "$out/$n.log" | sed 's/^/    /'
    failed+=("$p")
  fi
done
[ ${#failed[@]} -eq 0 ] || { echo "windows-test: ${#failed[@]} packages failed under wine: ${failed[*]}" >&2; exit 1; }
echo "windows-test: all passed under wine in $((SECONDS - start))s"
