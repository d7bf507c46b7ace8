#!/usr/bin/env bash
# layers.sh checks the dependency direction cmd -> ui -> app -> client: app/ and client/ never
# reach Fyne (on the whole transitive import graph, tests included), and ui/ never imports resty
# or go-keyring itself. Prints each breach and exits 1 when there is one.

set -euo pipefail
cd "$(dirname "$0")/.."
mod=$(go list -m)
fail=0
check() { # check <package pattern> <forbidden import regexp> <why> [direct]
  local pkgs
  pkgs=$(go list -tags migrated_fynedo,no_animations "$1" 2>/dev/null || true)
  for p in $pkgs; do
    # Imports and test imports both count: a test that pulls Fyne into app/ breaks the rule too.
    # The core rules are transitive; ui/ necessarily reaches resty through app/, so for ui/ only
    # its own imports count.
    local bad deps
    if [ "${4:-}" = direct ]; then
      deps=$(go list -tags migrated_fynedo,no_animations -f '{{join .Imports "\n"}}{{"\n"}}{{join .TestImports "\n"}}' "$p" 2>/dev/null)
    else
      deps=$(go list -tags migrated_fynedo,no_animations -deps -test -f '{{.ImportPath}}' "$p" 2>/dev/null)
    fi
    bad=$(echo "$deps" | grep -E "$2" | grep -v "^$mod" | head -3 || true)
    if [ -n "$bad" ]; then
      echo "layers: $p reaches $(echo $bad | tr '\n' ' ')— $3"
      fail=1
    fi
  done
}
check "./app/..." '^fyne\.io/' "app/ is the UI-free core"
check "./client/..." '^fyne\.io/' "client/ is the UI-free API layer"
check "./ui/..." '^github\.com/(go-resty/resty|zalando/go-keyring)' "ui/ talks to the network and the keyring only through app/" direct
[ $fail -eq 0 ] && echo "layers: ok"
exit $fail
