#!/usr/bin/env bash
# deb.sh VERSION builds dist/x360sync_VERSION_ARCH.deb from build/x360sync with dpkg-deb, the
# Debian reference packager (part of dpkg, so present wherever a .deb can be installed, and no
# new Go dependency): /usr/bin/x360sync, the desktop entry, hicolor icons made from
# assets/icon.png at the usual sizes (ImageMagick), the scalable SVG and the AppStream
# metainfo. Depends are worked out from the binary's NEEDED libraries plus the ones GLFW opens
# at run time; a Secret Service provider is recommended (without one the app keeps the
# credential for the session only and says so).
set -euo pipefail
cd "$(dirname "$0")/.."
version=${1:?usage: deb.sh VERSION}
# A release tag (v0.1.0, 0.1.0-2) is the Debian version; anything else git describe gives (a
# bare commit, e1c6f29-dirty or 1fe4257) becomes <FyneApp.toml version>~git<it>, which sorts
# before that release itself.
rel=$(sed -n 's/^ *Version = "\([0-9.]*\)"/\1/p' FyneApp.toml)
if [[ "$version" =~ ^v?([0-9]+\.[0-9]+(\.[0-9]+)?([-+~.][0-9A-Za-z.+~-]*)?)$ ]]; then
  version=${BASH_REMATCH[1]}
else
  version="${rel}~git${version}"
fi
arch=$(dpkg --print-architecture)
id=com.x360sync.desktop
root=build/deb/root
rm -rf build/deb && mkdir -p "$root/DEBIAN" "$root/usr/bin" "$root/usr/share/applications" \
  "$root/usr/share/metainfo" "$root/usr/share/doc/x360sync" "$root/usr/share/icons/hicolor/scalable/apps"

install -m 0755 build/x360sync "$root/usr/bin/x360sync"
install -m 0644 "packaging/linux/$id.desktop" "$root/usr/share/applications/$id.desktop"
install -m 0644 "packaging/linux/$id.metainfo.xml" "$root/usr/share/metainfo/$id.metainfo.xml"
install -m 0644 assets/icon.svg "$root/usr/share/icons/hicolor/scalable/apps/$id.svg"
for s in 16 24 32 48 64 128 256 512; do
  d="$root/usr/share/icons/hicolor/${s}x${s}/apps"
  mkdir -p "$d"
  convert assets/icon.png -strip -resize "${s}x${s}" "PNG32:$d/$id.png"
  chmod 0644 "$d/$id.png"
done
printf 'x360Sync Desktop\nCopyright x360Sync. All rights reserved.\n' >"$root/usr/share/doc/x360sync/copyright"

# The libraries the binary links (dpkg -S names their package) and those GLFW dlopens for X11
# and Wayland, which NEEDED does not show.
libs=$(objdump -p build/x360sync | awk '/NEEDED/ {print $2}')
pkgs=$(for l in $libs; do dpkg -S "*/$l" 2>/dev/null | head -1 | cut -d: -f1; done)
pkgs="$pkgs libx11-6 libxcursor1 libxrandr2 libxinerama1 libxi6 libxxf86vm1 libxkbcommon0"
depends=$(echo $pkgs | tr ' ' '\n' | sort -u | paste -sd, | sed 's/,/, /g')

cat >"$root/DEBIAN/control" <<EOF
Package: x360sync
Version: $version
Architecture: $arch
Maintainer: x360Sync <support@x360sync.example>
Installed-Size: $(du -sk --exclude=DEBIAN "$root" | cut -f1)
Depends: $depends
Recommends: gnome-keyring | keepassxc | kwalletmanager
Suggests: libsecret-tools
Section: net
Priority: optional
Homepage: https://x360sync.example
Description: x360Sync Desktop, the file-sync client of x360Sync
 Registers this computer with an x360Sync account (server, sign-in, two-step
 authentication) and keeps the device's tokens in the system keyring, a Secret
 Service such as GNOME Keyring or KeePassXC.
EOF
mkdir -p dist
out="dist/x360sync_${version}_${arch}.deb"
rm -f dist/x360sync_*.deb
dpkg-deb --root-owner-group -Zxz --build "$root" "$out" >/dev/null
echo "$out"
