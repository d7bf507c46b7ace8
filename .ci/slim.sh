#!/usr/bin/env bash
# slim.sh makes build/slim/go.mod, the module file every shipped binary is built with
# (`go build -modfile=build/slim/go.mod`: make build, make package, make windows, make bench).
# It is go.mod plus one replace: nyaruka/phonenumbers at the version go.mod requires, copied
# from the module cache into build/slim/phonenumbers without geocoding.go, after the cache's
# copy is checked against go.sum's hash (a replace by a folder is never checked by go itself). That file's GetGeocodingForNumber, which the app never calls, is the
# library's only import of golang.org/x/text/language/display, whose names of every region,
# language and script in every CLDR language are set up when the package initialises, so they
# are linked whenever it is imported: 2.3 MB of the 32 MB stripped app (#12 wants it within
# 1.3x of a bare Fyne window). Everything else is as go.mod says; go test and go vet use
# go.mod itself, and a build without the file behaves the same, only larger. Nothing of the
# library is kept in this repository.
#   .ci/slim.sh          write build/slim/ (prints the module file's path)
#   .ci/slim.sh check B  fail when binary B (not stripped) links x/text/language/display
set -euo pipefail
cd "$(dirname "$0")/.."
mod=github.com/nyaruka/phonenumbers
if [ "${1:-}" = check ]; then
  syms=$(go tool nm "$2")
  if grep -q 'golang.org/x/text/language/display\.' <<<"$syms"; then
    echo "slim.sh: $2 links golang.org/x/text/language/display: build it with -modfile=build/slim/go.mod" >&2
    exit 1
  fi
  exit 0
fi
go mod download "$mod"
src=$(go list -m -f '{{.Dir}}' "$mod")
if ! grep -q '^func GetGeocodingForNumber' "$src/geocoding.go" 2>/dev/null; then
  echo "slim.sh: $src/geocoding.go no longer holds GetGeocodingForNumber: look again at what imports x/text/language/display" >&2
  exit 1
fi
version=$(go list -m -f '{{.Version}}' "$mod")
# The module's go.sum hash (dirhash's h1: every file's SHA-256 and name, hashed again).
got=$(python3 - "$src" "$mod@$version" <<'PY'
import base64, hashlib, os, sys
src, prefix = sys.argv[1], sys.argv[2]
names = sorted(os.path.relpath(os.path.join(d, f), src).replace(os.sep, "/") for d, _, fs in os.walk(src) for f in fs)
lines = "".join("%s  %s/%s\n" % (hashlib.sha256(open(os.path.join(src, n), "rb").read()).hexdigest(), prefix, n) for n in names)
print("h1:" + base64.b64encode(hashlib.sha256(lines.encode()).digest()).decode())
PY
)
if ! grep -qxF "$mod $version $got" go.sum; then
  echo "slim.sh: $src does not match go.sum ($got): the module cache was changed; run go clean -modcache and build again" >&2
  exit 1
fi
out=build/slim
rm -rf "$out"
mkdir -p "$out"
cp -r "$src" "$out/phonenumbers"
chmod -R u+w "$out/phonenumbers"
rm "$out/phonenumbers/geocoding.go"
cp go.sum "$out/go.sum"
{ cat go.mod; echo; echo "replace $mod => $PWD/$out/phonenumbers"; } >"$out/go.mod"
echo "$out/go.mod"
