#!/usr/bin/env bash
# nocgo.sh GOOS prints the module's packages that build for GOOS without cgo, tests included:
# everything that does not reach Fyne (on macOS even Fyne's widgets need cgo, and the GUI needs
# GLFW everywhere). That is the core, the API client and the mock server: the packages a Linux
# machine can cross-check for macOS and Windows.
set -euo pipefail
cd "$(dirname "$0")/.."
export GOOS=$1 CGO_ENABLED=0
mod=$(go list -m)
# .ci/nocgo-exclude names packages that do not build for an OS yet; each is said aloud.
excluded() {
  local os pkg why
  while read -r os pkg why; do
    case "$os" in '#'* | '') continue ;; esac
    if [ "$os" = "$GOOS" ] && [ "$mod/$pkg" = "$1" ]; then
      echo "nocgo: leaving out $pkg for $GOOS: $why (.ci/nocgo-exclude)" >&2
      return 0
    fi
  done <.ci/nocgo-exclude
  return 1
}
for p in $(go list -e -tags migrated_fynedo,no_animations ./... 2>/dev/null); do
  # -deps -test so a test file that needs cgo counts too.
  deps=$(go list -e -deps -test -tags migrated_fynedo,no_animations \
    -f '{{if or .Error .DepsErrors}}x{{end}}{{.ImportPath}}' "$p" 2>/dev/null || echo x)
  if grep -qE '^x|^fyne\.io/' <<<"$deps" || excluded "$p"; then
    continue
  fi
  echo "$p"
done
