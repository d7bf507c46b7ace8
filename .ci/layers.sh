#!/usr/bin/env bash
# layers.sh checks the dependency direction cmd -> ui -> app -> client, on the import graph go
# list reports (tests included unless a rule says otherwise). Prints each breach and exits 1
# when there is one; a package go list cannot load is a breach too, so a broken file never
# passes the rule by hiding from it.
#   1. app/ and client/ never reach Fyne (transitively, tests included).
#   2. ui/ never imports resty or go-keyring itself (it reaches them through app/).
#   3. Only app/vault (and its test package app/vault/faulttest) imports go-keyring directly;
#      everything else reaches the keyring through app/vault.
#   4. Non-test code under app/ never reaches client/mockserver (the mock server is for tests
#      and the demo wiring in cmd/).
#   5. The two front ends never import each other: the terminal one (ui/cli, or app/cli until
#      it moves; whichever exists) and the Fyne one (the rest of ui/). The terminal one never
#      reaches Fyne either.

set -euo pipefail
cd "$(dirname "$0")/.."
mod=$(go list -m)
tags=migrated_fynedo,no_animations
fail=0

# pkgs <pattern...>: the module's packages matching the patterns (none when a pattern matches
# nothing, e.g. ./ui/cli before the move).
pkgs() {
  local p
  for p in "$@"; do
    [ -d "${p%/...}" ] || continue
    go list -tags $tags "$p" || { echo "layers: go list $p failed" >&2; fail=1; }
  done
}

# deps <mode> <package>: direct (own imports, test files included), all (transitive, tests
# included) or nontest (transitive, production code only).
deps() {
  case "$1" in
    direct) go list -tags $tags -f '{{join .Imports "\n"}}{{"\n"}}{{join .TestImports "\n"}}{{"\n"}}{{join .XTestImports "\n"}}' "$2" ;;
    all) go list -tags $tags -deps -test -f '{{.ImportPath}}' "$2" ;;
    nontest) go list -tags $tags -deps -f '{{.ImportPath}}' "$2" ;;
  esac
}

# check <mode> <forbidden import regexp> <why> <package...>
check() {
  local mode=$1 re=$2 why=$3 p d bad
  shift 3
  for p in "$@"; do
    if ! d=$(deps "$mode" "$p" 2>&1); then
      echo "layers: $p cannot be loaded: $(echo "$d" | head -1)"
      fail=1
      continue
    fi
    # A test binary's own package shows up as "pkg [pkg.test]", its generated main as
    # "pkg.test"; a package never breaches a rule by reaching itself.
    bad=$(echo "$d" | sed 's/ .*//' | grep -E "$re" | grep -vxF -e "$p" -e "$p.test" | sort -u | head -3 || true)
    if [ -n "$bad" ]; then
      echo "layers: $p reaches $(echo $bad)— $why"
      fail=1
    fi
  done
}

core=$(pkgs ./app/... ./client/...)
app=$(pkgs ./app/...)
cli=$(pkgs ./ui/cli/... ./app/cli/...)
fyneui=$(pkgs ./ui/... | { grep -vxF -f <(echo "${cli:-/none/}") || true; })
notvault=$(go list -tags $tags ./... | { grep -vE "^$mod/app/vault(/|$)" || true; })
cli_re="^$mod/(ui|app)/cli(/|$)"

# shellcheck disable=SC2086 # word splitting of the package lists is intended
{
  check all '^fyne\.io/' "app/ and client/ are the UI-free core" $core
  check direct '^github\.com/(go-resty/resty|zalando/go-keyring)' "ui/ talks to the network and the keyring only through app/" $fyneui $cli
  check direct '^github\.com/zalando/go-keyring' "only app/vault imports go-keyring" $notvault
  check nontest "^$mod/client/mockserver(/|$)" "the mock server is for tests and cmd/'s demo wiring, never app/ code" $app
  check all "$cli_re" "the Fyne front end never imports the terminal one" $fyneui
  check all "^$mod/ui(/|$)" "the terminal front end never imports the Fyne one" $cli
  check all '^fyne\.io/' "the terminal front end never reaches Fyne" $cli
}
[ $fail -eq 0 ] && echo "layers: ok"
exit $fail
