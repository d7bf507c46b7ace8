package ui

import (
	"context"
	"fmt"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"github.com/x360sync/desktop/app/config"
	"github.com/x360sync/desktop/app/demophone"
	"github.com/x360sync/desktop/app/pin"
	"github.com/x360sync/desktop/app/session"
	"github.com/x360sync/desktop/app/vault"
	"github.com/x360sync/desktop/app/wizard"
	"github.com/x360sync/desktop/client"
	"github.com/x360sync/desktop/client/api"
)

// A fixture is one screen built with fixed content: no server, no clock, no randomness, so
// its markup and its pixels are the same on every run.
type fixture struct {
	name  string
	build func(t *testing.T, win fyne.Window) fyne.CanvasObject
}

const fixedServer = "https://sync.example.com"

var fixedEnrollment = api.EnrollResponse{
	Enrollment: "enr_0001", Mode: api.ModeTOTP, Secret: "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP",
	OTPAuthURL: "otpauth://totp/x360Sync:dave?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=x360Sync",
	BackupKey:  "7Q2M-K4XD-9PVN-3HZA",
}

// fixedCertificate is a self-signed certificate as the Server step is shown it.
var fixedCertificate = &client.UntrustedCertError{Reason: client.UnknownAuthority, Cert: client.CertInfo{
	Subject: "CN=x360Sync mock server", Issuer: "CN=x360Sync mock server",
	NotBefore: fixedDay, NotAfter: fixedDay.Add(30 * 24 * time.Hour),
	Fingerprint: "6D:2D:BE:D2:CF:99:BD:75:ED:5D:90:1F:24:E5:7B:FA:09:CE:B6:5D:3E:36:4F:49:D3:75:0F:7B:C5:7A:E1:E0",
	Names:       []string{"localhost", "127.0.0.1", "::1"},
}}

// inMain frames content as the main window does.
func inMain(content fyne.CanvasObject) fyne.CanvasObject {
	return container.NewBorder(nil, nil, nil, nil, content)
}

// fixtureViews is the wizard view each wizard fixture built, by its window.
var fixtureViews sync.Map // fyne.Window -> *wizardView

func wizardFixture(flow *wizard.Flow, then ...func(v *wizardView)) func(*testing.T, fyne.Window) fyne.CanvasObject {
	return func(t *testing.T, win fyne.Window) fyne.CanvasObject {
		flow.Server, flow.DeviceName = fixedServer, "alice-laptop"
		if flow.Step() != wizard.StepServer && flow.Step() != wizard.StepSignIn {
			flow.Username = "alice"
		}
		v := newWizardView(win, flow, nil)
		v.version = "0.1.0"
		v.display(v.screenFor(flow.Step()))
		fixtureViews.Store(win, v)
		t.Cleanup(func() { fixtureViews.Delete(win) })
		for _, f := range then {
			f(v)
		}
		return inMain(v.content())
	}
}

// flowAt is a flow standing at the last of path with the fields the screen shows set.
func flowAt(set func(f *wizard.Flow), path ...wizard.Step) *wizard.Flow {
	f := wizard.At(path...)
	if set != nil {
		set(f)
	}
	return f
}

// signedInMain is a main view over a session registered as alice on fixedServer with a PIN,
// its settings file shown where it would live.
func signedInMain(t *testing.T, win fyne.Window) *mainView {
	t.Helper()
	file := config.File{Path: filepath.Join(t.TempDir(), "state.json")}
	st := config.State{
		Version: config.Version, ServerURL: fixedServer, Username: "alice", DeviceName: "alice-laptop", DeviceID: "dev_0001", Organization: "Acme", PINSet: true,
		Account: "sync.example.com/alice/5f0c2a9e1b7d4c38", KeyringID: "5f0c2a9e1b7d4c38",
	}
	if err := file.Save(st); err != nil {
		t.Fatal(err)
	}
	kdf := pin.Params{MemoryKiB: 19 * 1024, Time: 1, Threads: 1}
	sealed, err := pin.Seal("204913", []byte(`{"v":1,"device_id":"dev_0001","refresh_token":"x3r_fixture"}`), kdf)
	if err != nil {
		t.Fatal(err)
	}
	store := &vault.Memory{}
	if err := store.Set(t.Context(), st.Account, sealed); err != nil {
		t.Fatal(err)
	}
	sess := &session.Manager{Vault: store, Config: file, KDF: kdf}
	if err := sess.Start(t.Context()); err != nil {
		t.Fatal(err)
	}
	sess.Config.Path = "/home/alice/.config/x360sync/state.json"
	m := newMainView(win, Options{Server: fixedServer, Session: sess, Version: "0.1.0", LogPath: "/home/alice/.cache/x360sync/x360sync.log"})
	return m
}

var fixedDay = time.Date(2026, 11, 20, 9, 30, 0, 0, time.Local)

func fixtures() []fixture {
	return []fixture{
		{"server", wizardFixture(flowAt(nil))},
		{"signin", wizardFixture(flowAt(nil, wizard.StepServer, wizard.StepSignIn))},
		{"signin-unreachable", wizardFixture(flowAt(nil, wizard.StepServer, wizard.StepSignIn), func(v *wizardView) {
			v.sayError(fmt.Errorf("login: %w", client.ErrUnreachable), func(context.Context) error { return nil }, nil)
		})},
		{"server-certificate", wizardFixture(flowAt(func(f *wizard.Flow) { f.Certificate = fixedCertificate }))},
		{"code-app", wizardFixture(flowAt(func(f *wizard.Flow) { f.Mode = api.ModeTOTP }, wizard.StepServer, wizard.StepSignIn, wizard.StepCode))},
		{"code-text", wizardFixture(flowAt(func(f *wizard.Flow) { f.Mode, f.PhoneHint = api.ModeSMS, "+1 ••• ••• 0143" },
			wizard.StepServer, wizard.StepSignIn, wizard.StepCode))},
		{"enroll", wizardFixture(flowAt(func(f *wizard.Flow) {
			f.AllowedModes = []string{api.ModeTOTP, api.ModeSMS}
			f.WithPolicy(api.Policy{Organization: "Acme", RequirePIN: true})
		},
			wizard.StepServer, wizard.StepSignIn, wizard.StepEnroll))},
		{"confirm", wizardFixture(flowAt(func(f *wizard.Flow) { f.Mode, f.Enrollment = api.ModeTOTP, fixedEnrollment },
			wizard.StepServer, wizard.StepSignIn, wizard.StepEnroll, wizard.StepEnrollConfirm))},
		{"recovery", wizardFixture(flowAt(nil, wizard.StepServer, wizard.StepSignIn, wizard.StepRecovery))},
		{"pin", wizardFixture(flowAt(func(f *wizard.Flow) { f.RequirePIN = true },
			wizard.StepServer, wizard.StepSignIn, wizard.StepEnroll, wizard.StepEnrollConfirm, wizard.StepPINSetup))},
		{"done", wizardFixture(flowAt(func(f *wizard.Flow) { f.Mode, f.RequirePIN = api.ModeTOTP, true },
			wizard.StepServer, wizard.StepSignIn, wizard.StepEnroll, wizard.StepEnrollConfirm, wizard.StepPINSetup, wizard.StepDone))},
		// Signed in with the password alone (no two-step authentication, no PIN): the Done
		// screen says where to turn two-step authentication on.
		{"done-password", wizardFixture(flowAt(nil, wizard.StepServer, wizard.StepSignIn, wizard.StepDone))},
		{"unlock", func(t *testing.T, win fyne.Window) fyne.CanvasObject {
			m := signedInMain(t, win)
			m.showUnlock()
			return inMain(m.body)
		}},
		{"unlock-sign-out", func(t *testing.T, win fyne.Window) fyne.CanvasObject {
			m := signedInMain(t, win)
			m.showUnlock()
			win.SetContent(inMain(m.body))
			win.Resize(fyne.NewSize(800, 600))
			m.unlock.onSignOut()
			return win.Content()
		}},
		{"account", func(t *testing.T, win fyne.Window) fyne.CanvasObject {
			m := signedInMain(t, win)
			a := newAccountScreen(m)
			now := fixedDay.Add(72 * time.Hour)
			a.now = func() time.Time { return now }
			m.account = a
			m.set(a.content())
			me := api.Me{Username: "alice", Email: "alice@acme.test", DeviceID: "dev_0001"}
			me.Org.Name, me.Org.AllowSMS = "Acme", true
			a.show(me, []api.Device{
				{ID: "dev_0002", Name: "alice-desktop", Platform: "windows", RegisteredAt: fixedDay, LastSeenAt: fixedDay.Add(24 * time.Hour)},
				{ID: "dev_0001", Name: "alice-laptop", Platform: "linux", RegisteredAt: fixedDay.Add(48 * time.Hour), LastSeenAt: now, Current: true},
			})
			return inMain(m.body)
		}},
		{"account-sign-out", func(t *testing.T, win fyne.Window) fyne.CanvasObject {
			m := signedInMain(t, win)
			a := newAccountScreen(m)
			m.account = a
			m.set(a.content())
			win.SetContent(inMain(m.body))
			win.Resize(fyne.NewSize(800, 600))
			a.onSignOut()
			return win.Content()
		}},
		{"account-revoke", func(t *testing.T, win fyne.Window) fyne.CanvasObject {
			m := signedInMain(t, win)
			a := newAccountScreen(m)
			now := fixedDay.Add(72 * time.Hour)
			a.now = func() time.Time { return now }
			m.account = a
			m.set(a.content())
			me := api.Me{Username: "alice", Email: "alice@acme.test", DeviceID: "dev_0001"}
			me.Org.Name = "Acme"
			desktop := api.Device{ID: "dev_0002", Name: "alice-desktop", Platform: "windows", RegisteredAt: fixedDay, LastSeenAt: fixedDay.Add(24 * time.Hour)}
			a.show(me, []api.Device{desktop, {ID: "dev_0001", Name: "alice-laptop", Platform: "linux", RegisteredAt: fixedDay.Add(48 * time.Hour), LastSeenAt: now, Current: true}})
			win.SetContent(inMain(m.body))
			win.Resize(fyne.NewSize(800, 600))
			a.confirmRevoke(desktop, a.revokes[0].(*button))
			return win.Content()
		}},
		{"disable-two-step-confirm", func(t *testing.T, win fyne.Window) fyne.CanvasObject {
			m := signedInMain(t, win)
			m.showDisableTwoStep(api.ModeTOTP)
			win.SetContent(inMain(m.body))
			win.Resize(fyne.NewSize(800, 600))
			var entries []*textEntry
			for _, o := range test.LaidOutObjects(m.body) {
				if e, ok := o.(*textEntry); ok {
					entries = append(entries, e)
				}
			}
			entries[0].SetText("x360sync-demo")
			entries[1].SetText("492039")
			m.current.submit() // Disable: asks first
			return win.Content()
		}},
		{"change-pin", func(t *testing.T, win fyne.Window) fyne.CanvasObject {
			m := signedInMain(t, win)
			m.showChangePIN()
			return inMain(m.body)
		}},
		{"enable-two-step", func(t *testing.T, win fyne.Window) fyne.CanvasObject {
			m := signedInMain(t, win)
			m.showEnableTwoStep(true)
			return inMain(m.body)
		}},
		{"demo-phone", func(*testing.T, fyne.Window) fyne.CanvasObject {
			v := newDemoPhoneView("")
			v.show(demophone.Screen{
				Codes: []demophone.Code{{Username: "bob", Code: "492039", Left: 17}, {Username: "erin", Code: "118204", Left: 17}},
				Messages: []demophone.Message{{
					Channel: "sms", To: "+12025550143", At: fixedDay,
					Text: "Your x360Sync authentication code is 908593. It expires in 10 minutes. Never share it.",
				}},
			})
			return v.content()
		}},
	}
}

// variantTheme is Fyne's default theme held to one variant, as the OS setting would choose it.
type variantTheme struct {
	fyne.Theme
	variant fyne.ThemeVariant
}

func (t variantTheme) Color(n fyne.ThemeColorName, _ fyne.ThemeVariant) color.Color {
	return t.Theme.Color(n, t.variant)
}

// render builds a fixture in a fresh 800x600 window.
func render(t *testing.T, f fixture) fyne.Window {
	t.Helper()
	win := test.NewTempWindow(t, nil)
	win.SetContent(f.build(t, win))
	win.Resize(fyne.NewSize(800, 600))
	return win
}

// TestScreens_markupGoldens pins each screen's widget tree: a change to a screen shows up as
// a diff of testdata/screens/<name>.xml (Fyne writes the new markup to testdata/failed/).
func TestScreens_markupGoldens(t *testing.T) {
	for _, f := range fixtures() {
		t.Run(f.name, func(t *testing.T) {
			test.NewTempApp(t)
			win := render(t, f)
			test.AssertRendersToMarkup(t, "screens/"+f.name+".xml", win.Canvas())
		})
	}
}

// TestScreens_fitAt800x600AndAtScale2: every screen fits the 800x600 window at scale 1, and at
// FYNE_SCALE=2 still fits a 1920x1080 display (960x540 in Fyne's scaled units; screens
// scroll, so their height is what the scroll needs); Tab brings every control into view at
// both sizes (every focusable widget of ours calls reveal; see scrollfocus.go and keys.go).
func TestScreens_fitAt800x600AndAtScale2(t *testing.T) {
	for _, f := range fixtures() {
		t.Run(f.name, func(t *testing.T) {
			test.NewTempApp(t)
			win := render(t, f)
			min := win.Content().MinSize()
			if min.Width > 800 || min.Height > 600 {
				t.Errorf("needs %v, more than 800x600", min)
			}
			if min.Width > 960 || min.Height > 540 {
				t.Errorf("needs %v: at scale 2 it would not fit a 1920x1080 display", min)
			}
			// What scrolls must still be reachable: Tab brings every control into view.
			for _, size := range []fyne.Size{{Width: 800, Height: 600}, {Width: 960, Height: 540}} {
				win.Resize(size)
				win.Canvas().Focus(nil)
				win.Canvas().FocusNext()
				if win.Canvas().Focused() != nil {
					everyFocusableInView(t, win)
				}
			}
		})
	}
}

// TestScreens_screenshotsInLightAndDark renders every screen in both themes. With
// X360SYNC_UPDATE_SCREENSHOTS=1 (make screenshots) it writes them to docs/screenshots/; it
// always fails when the README does not show one of them or the file is missing.
func TestScreens_screenshotsInLightAndDark(t *testing.T) {
	dir := t.TempDir()
	if os.Getenv("X360SYNC_UPDATE_SCREENSHOTS") == "1" {
		dir = filepath.Join("..", "docs", "screenshots")
	}
	readme, err := os.ReadFile(filepath.Join("..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range fixtures() {
		for _, variant := range []string{"light", "dark"} {
			name := f.name + "-" + variant + ".png"
			t.Run(name, func(t *testing.T) {
				a := test.NewTempApp(t)
				v := theme.VariantDark
				if variant == "light" {
					v = theme.VariantLight
				}
				a.Settings().SetTheme(variantTheme{newBrandTheme(nil), v})
				img := render(t, f).Canvas().Capture()
				if b := img.Bounds(); b.Dx() != 800 || b.Dy() != 600 {
					t.Errorf("rendered %v, want 800x600", b)
				}
				out, err := os.Create(filepath.Join(dir, name))
				if err != nil {
					t.Fatal(err)
				}
				defer out.Close()
				if err := png.Encode(out, img); err != nil {
					t.Fatal(err)
				}
				if !strings.Contains(string(readme), "docs/screenshots/"+name) {
					t.Errorf("README.md does not show docs/screenshots/%s", name)
				}
				if _, err := os.Stat(filepath.Join("..", "docs", "screenshots", name)); err != nil {
					t.Errorf("docs/screenshots/%s is missing: run make screenshots", name)
				}
			})
		}
	}
}
