#!/usr/bin/env bash
# layers.sh checks the dependency direction cmd -> ui -> app -> client on the whole import
# graph (transitively, not just direct imports): app/ and client/ never reach Fyne, and ui/
# never reaches resty or go-keyring. Prints each breach and exits 1 when there is one.
set -euo pipefail
cd "$(dirname "$0")/.."
mod=$(go list -m)
fail=0
check() { # check <package pattern> <forbidden import regexp> <why>
  local pkgs
  pkgs=$(go list -tags migrated_fynedo "$1" 2>/dev/null || true)
  for p in $pkgs; do
    # Imports and test imports both count: a test that pulls Fyne into app/ breaks the rule too.
    local bad
    bad=$(go list -tags migrated_fynedo -deps -test -f '{{.ImportPath}}' "$p" 2>/dev/null | grep -E "$2" | grep -v "^$mod" | head -3 || true)
    if [ -n "$bad" ]; then
      echo "layers: $p reaches $(echo $bad | tr '\n' ' ')— $3"
      fail=1
    fi
  done
}
check "./app/..." '^fyne\.io/' "app/ is the UI-free core"
check "./client/..." '^fyne\.io/' "client/ is the UI-free API layer"
check "./ui/..." '^github\.com/(go-resty/resty|zalando/go-keyring)' "ui/ talks to the network and the keyring only through app/"
[ $fail -eq 0 ] && echo "layers: ok"
exit $fail
