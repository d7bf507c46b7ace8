// Command winres writes the Windows resource object (.syso) that gives a program its icon,
// its version information (Explorer's Details tab, Apps & features) and a manifest, and the
// .ico for the installer. make windows runs it before go build; the .syso is named
// *_windows_amd64.syso so no other build links it, and is removed afterwards. It uses the
// same libraries as fyne package (goversioninfo, fyne-io/image/ico), already in go.sum.
package main

import (
	"flag"
	"fmt"
	"image"
	_ "image/png"
	"log"
	"os"
	"path/filepath"

	"github.com/fyne-io/image/ico"
	"github.com/josephspurrier/goversioninfo"
	"golang.org/x/image/draw"
)

const manifest = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<assembly xmlns="urn:schemas-microsoft-com:asm.v1" manifestVersion="1.0" xmlns:asmv3="urn:schemas-microsoft-com:asm.v3">
  <assemblyIdentity version="%s" processorArchitecture="*" name="com.x360sync.%s" type="win32"/>
  <asmv3:application>
    <asmv3:windowsSettings>
      <dpiAware xmlns="http://schemas.microsoft.com/SMI/2005/WindowsSettings">true</dpiAware>
      <dpiAwareness xmlns="http://schemas.microsoft.com/SMI/2016/WindowsSettings">PerMonitorV2</dpiAwareness>
    </asmv3:windowsSettings>
  </asmv3:application>
</assembly>
`

func main() {
	icon := flag.String("icon", "assets/icon.png", "PNG icon")
	icoOut := flag.String("ico", "", "also write the icon as .ico here")
	name := flag.String("name", "x360sync", "file name without .exe")
	desc := flag.String("desc", "x360Sync", "file description")
	version := flag.String("version", "0.1.0", "x.y.z")
	out := flag.String("o", "", ".syso to write")
	flag.Parse()
	if *out == "" {
		log.Fatal("winres: -o is required")
	}
	tmp, err := os.MkdirTemp("", "winres")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(tmp)
	icoPath := filepath.Join(tmp, "app.ico")
	if err := writeIco(*icon, icoPath); err != nil {
		log.Fatalf("winres: %v", err)
	}
	if *icoOut != "" {
		if err := writeIco(*icon, *icoOut); err != nil {
			log.Fatalf("winres: %v", err)
		}
	}
	fv, err := goversioninfo.NewFileVersion(*version + ".0")
	if err != nil {
		log.Fatalf("winres: version %q: %v", *version, err)
	}
	manPath := filepath.Join(tmp, "app.manifest")
	if err := os.WriteFile(manPath, fmt.Appendf(nil, manifest, fv.GetVersionString(), *name), 0o600); err != nil {
		log.Fatal(err)
	}
	vi := &goversioninfo.VersionInfo{IconPath: icoPath, ManifestPath: manPath}
	vi.FixedFileInfo.FileVersion = fv
	vi.FixedFileInfo.ProductVersion = fv
	vi.StringFileInfo = goversioninfo.StringFileInfo{
		CompanyName: "x360Sync", FileDescription: *desc, ProductName: "x360Sync",
		FileVersion: *version, ProductVersion: *version, InternalName: *name,
		OriginalFilename: *name + ".exe", LegalCopyright: "Copyright x360Sync",
	}
	vi.VarFileInfo.Translation = goversioninfo.Translation{LangID: goversioninfo.LngUSEnglish, CharsetID: goversioninfo.CsUnicode}
	vi.Build()
	vi.Walk()
	if err := vi.WriteSyso(*out, "amd64"); err != nil {
		log.Fatalf("winres: %v", err)
	}
}

func writeIco(pngPath, icoPath string) error {
	f, err := os.Open(pngPath)
	if err != nil {
		return err
	}
	defer f.Close()
	img, _, err := image.Decode(f)
	if err != nil {
		return fmt.Errorf("decode %s: %w", pngPath, err)
	}
	// An .ico entry is at most 256 px; Windows scales it down for the smaller sizes.
	small := image.NewRGBA(image.Rect(0, 0, 256, 256))
	draw.CatmullRom.Scale(small, small.Bounds(), img, img.Bounds(), draw.Src, nil)
	out, err := os.Create(icoPath)
	if err != nil {
		return err
	}
	if err := ico.Encode(out, small); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
