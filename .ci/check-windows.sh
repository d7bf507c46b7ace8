#!/usr/bin/env bash
# check-windows.sh checks what make windows built: the version resource of both programs, the
# installer's tables, then, in the private Wine prefix (.ci/wine.sh): installs the .msi for
# this user only (msiexec /qn, no administrator), finds the program under
# %LOCALAPPDATA%\Programs\x360Sync, the Start-menu shortcut and the uninstall entry, starts the
# installed x360sync.exe --version and mockserver.exe, then uninstalls and sees all of it gone.
set -euo pipefail
cd "$(dirname "$0")/.."
out=dist/windows
msi=$(ls "$out"/x360sync-*.msi)
fail() { echo "check-windows: $*" >&2; exit 1; }

for exe in x360sync mockserver; do
  res=$(strings -el "$out/$exe.exe")
  grep -qx "$exe.exe" <<<"$res" || fail "$exe.exe has no version resource naming it"
  grep -qx "ProductVersion" <<<"$res" || fail "$exe.exe has no ProductVersion"
done
grep -q 'Subsystem.*(Windows GUI)' <<<"$(x86_64-w64-mingw32-objdump -p "$out/x360sync.exe")" ||
  fail "x360sync.exe is not a GUI program (it would open a console window)"
grep -q 'x360Sync' <<<"$(msiinfo export "$msi" Shortcut)" || fail "no Start-menu shortcut in $msi"
grep -qP '^ALLUSERS\t2' <<<"$(msiinfo export "$msi" Property)" || fail "$msi is not a per-user install"

. .ci/wine.sh
wine msiexec /i "$(winepath -w "$msi")" /qn /l*v build/wine/msi-install.log || fail "msiexec /i failed (build/wine/msi-install.log)"
profile=$(winepath -u "$(wine cmd /c echo %LOCALAPPDATA% | tr -d '\r')")
appdata=$(winepath -u "$(wine cmd /c echo %APPDATA% | tr -d '\r')")
installed="$profile/Programs/x360Sync/x360sync.exe"
lnk="$appdata/Microsoft/Windows/Start Menu/Programs/x360Sync.lnk"
[ -f "$installed" ] || fail "not installed at $installed"
[ -f "$lnk" ] || fail "no Start-menu shortcut at $lnk"
arp=$( (wine reg query 'HKCU\Software\Microsoft\Windows\CurrentVersion\Uninstall' /s 2>/dev/null
  wine reg query 'HKLM\Software\Microsoft\Windows\CurrentVersion\Uninstall' /s 2>/dev/null) | tr -d '\r' || true)
grep -qE 'DisplayName +REG_SZ +x360Sync$' <<<"$arp" && grep -q 'UninstallString.*MsiExec.exe /X' <<<"$arp" ||
  fail "no uninstall entry for x360Sync"
v=$(wine "$installed" --version 2>&1 | tr -d '\r')
grep -q '^x360sync ' <<<"$v" || fail "installed x360sync.exe --version said: $v"
m=$(wine "$out/mockserver.exe" -h 2>&1 | tr -d '\r' || true)
grep -qi 'usage\|-addr' <<<"$m" || fail "mockserver.exe -h said: $m"

wine msiexec /x "$(winepath -w "$msi")" /qn || fail "msiexec /x failed"
[ ! -e "$installed" ] || fail "uninstall left $installed"
[ ! -e "$lnk" ] || fail "uninstall left the shortcut"
echo "check-windows: $msi installs per user ($v), has its shortcut and uninstall entry, uninstalls cleanly"
