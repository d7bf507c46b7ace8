#!/usr/bin/env bash
# check-deb.sh checks the .deb that make package built: every file it must hold (and nothing
# under a path Debian reserves for the system), the desktop entry with desktop-file-validate,
# the metainfo with appstreamcli validate --no-net, the control fields, then unpacks it into a
# temporary root (dpkg -x) and starts x360sync --version from its /usr/bin.
set -euo pipefail
cd "$(dirname "$0")/.."
deb=$(ls dist/x360sync_*.deb)
id=com.x360sync.desktop
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "check-deb: $*" >&2; exit 1; }

dpkg-deb -c "$deb" | awk '{print $1, $2, $6}' >"$tmp/contents"
want="./usr/bin/x360sync ./usr/share/applications/$id.desktop ./usr/share/metainfo/$id.metainfo.xml
./usr/share/icons/hicolor/scalable/apps/$id.svg ./usr/share/doc/x360sync/copyright"
for s in 16 24 32 48 64 128 256 512; do want="$want ./usr/share/icons/hicolor/${s}x${s}/apps/$id.png"; done
for f in $want; do grep -q " $f\$" "$tmp/contents" || fail "$deb lacks $f"; done
grep -q '^-rwxr-xr-x root/root ./usr/bin/x360sync$' "$tmp/contents" || fail "/usr/bin/x360sync is not root-owned 0755"
if grep -vE ' \./(usr/bin/x360sync|usr/share/(applications|metainfo|icons|doc)(/.*)?|usr(/bin|/share)?/?)?$' "$tmp/contents"; then
  fail "the files above are outside what the package should install"
fi

dpkg-deb -f "$deb" Depends | grep -q 'libgl1' || fail "Depends does not name libgl1: $(dpkg-deb -f "$deb" Depends)"
dpkg-deb -f "$deb" Recommends | grep -q 'gnome-keyring' || fail "no Secret Service provider recommended"

dpkg -x "$deb" "$tmp/root"
desktop-file-validate "$tmp/root/usr/share/applications/$id.desktop"
appstreamcli validate --no-net "$tmp/root/usr/share/metainfo/$id.metainfo.xml" >"$tmp/appstream.log" ||
  { cat "$tmp/appstream.log"; fail "appstreamcli validate failed"; }
for s in 16 48 256; do
  got=$(identify -format '%wx%h' "$tmp/root/usr/share/icons/hicolor/${s}x${s}/apps/$id.png")
  [ "$got" = "${s}x${s}" ] || fail "icon ${s}x${s} is $got"
done
grep -qx "Exec=x360sync" "$tmp/root/usr/share/applications/$id.desktop" || fail "desktop entry does not run x360sync from PATH"
PATH="$tmp/root/usr/bin:$PATH" x360sync --version >"$tmp/version" 2>&1 || { cat "$tmp/version"; fail "x360sync --version failed"; }
grep -q '^x360sync ' "$tmp/version" || fail "x360sync --version said: $(cat "$tmp/version")"
echo "check-deb: $deb ok ($(wc -l <"$tmp/contents") entries; $(cat "$tmp/version"))"
