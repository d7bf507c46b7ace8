#!/usr/bin/env bash
# cross.sh builds and vets, for macOS and Windows (amd64 and arm64), every package that needs no
# cgo, tests included, so code behind a build tag for another OS cannot rot unseen on Linux.
# The GUI itself needs cgo: macOS builds it on a Mac (make package-macos), Windows with mingw
# (make windows).
set -euo pipefail
cd "$(dirname "$0")/.."
for target in darwin/arm64 darwin/amd64 windows/amd64; do
  export GOOS=${target%/*} GOARCH=${target#*/} CGO_ENABLED=0
  mapfile -t pkgs < <(.ci/nocgo.sh "$GOOS")
  echo "cross: $target: go build and go vet of ${#pkgs[@]} packages"
  go build -tags migrated_fynedo,no_animations "${pkgs[@]}"
  go vet -tags migrated_fynedo,no_animations "${pkgs[@]}"
done
