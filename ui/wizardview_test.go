package ui

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
	"github.com/pquerna/otp/totp"

	"github.com/x360sync/desktop/app/config"
	"github.com/x360sync/desktop/app/pin"
	"github.com/x360sync/desktop/app/session"
	"github.com/x360sync/desktop/app/vault"
	"github.com/x360sync/desktop/app/wizard"
	"github.com/x360sync/desktop/client"
	"github.com/x360sync/desktop/client/api"
	"github.com/x360sync/desktop/client/mockserver"
)

// wizardRig drives the real wizard screens against the real mock server.
type wizardRig struct {
	t    *testing.T
	srv  *mockserver.Server
	ts   *httptest.Server
	win  fyne.Window
	view *wizardView
	fin  []string // usernames finished, with the PIN if any
	// queue carries finished calls' results to the test goroutine, the UI goroutine here.
	queue chan func()
}

func newWizardRig(t *testing.T) *wizardRig {
	t.Helper()
	test.NewTempApp(t)
	r := &wizardRig{t: t, srv: mockserver.New(), queue: make(chan func(), 8)}
	r.ts = httptest.NewServer(r.srv)
	t.Cleanup(r.ts.Close)
	sess := &session.Manager{
		Vault: &vault.Memory{}, Config: config.File{Path: filepath.Join(t.TempDir(), "state.json")},
		KDF: pin.Params{MemoryKiB: 19 * 1024, Time: 1, Threads: 1}, ClientOptions: []client.Option{client.WithRetryWait(time.Millisecond)},
	}
	if err := sess.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	// Before the temporary folder goes (cleanups run last first): a registration left
	// revokes its device in the background, and writes the config file when it is done.
	t.Cleanup(sess.Close)
	flow := sess.NewFlow()
	flow.Store = &recordingStore{Store: flow.Store, fin: &r.fin}
	r.win = test.NewTempWindow(t, widget.NewLabel(""))
	r.win.Resize(fyne.NewSize(800, 600))
	r.view = newWizardView(r.win, flow, nil)
	r.view.run.deliver = func(f func()) { r.queue <- f }
	t.Cleanup(r.view.run.stopAll) // its own runner: no window of the app's owns it
	r.win.SetContent(r.view.content())
	r.view.show()
	return r
}

// recordingStore is the session's Store, recording each registration it completes as
// "user/PIN" (the PIN empty when none was set).
type recordingStore struct {
	wizard.Store
	fin  *[]string
	last wizard.Registration
}

func (s *recordingStore) Register(ctx context.Context, r wizard.Registration) error {
	s.last = r
	if err := s.Store.Register(ctx, r); err != nil {
		return err
	}
	if !r.Tokens.Policy.RequirePIN {
		*s.fin = append(*s.fin, r.Username+"/")
	}
	return nil
}

func (s *recordingStore) CompletePIN(ctx context.Context, p, confirm string) error {
	if err := s.Store.CompletePIN(ctx, p, confirm); err != nil {
		return err
	}
	*s.fin = append(*s.fin, s.last.Username+"/"+p)
	return nil
}

// wait lets the request in flight finish and its answer reach the widgets.
func (r *wizardRig) wait() {
	r.view.run.wg.Wait()
	for {
		select {
		case f := <-r.queue:
			f()
		default:
			return
		}
	}
}

func (r *wizardRig) focused() *textEntry {
	r.t.Helper()
	e, ok := r.win.Canvas().Focused().(*textEntry)
	if !ok {
		r.t.Fatalf("focus is on %T, want an entry", r.win.Canvas().Focused())
	}
	return e
}

// typeInFocused types into the focused field; enter presses Enter there.
func (r *wizardRig) typeInFocused(s string) { test.Type(r.focused(), s) }

func (r *wizardRig) enter()            { r.focused().TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn}); r.wait() }
func (r *wizardRig) tab()              { r.win.Canvas().FocusNext() }
func (r *wizardRig) step() wizard.Step { return r.view.flow.Step() }

// textsTo reads the mock server's outbox for one phone number.
func (r *wizardRig) textsTo(phone string) []mockserver.Message {
	r.t.Helper()
	resp, err := http.Get(r.ts.URL + "/dev/outbox?to=" + url.QueryEscape(phone))
	if err != nil {
		r.t.Fatal(err)
	}
	defer resp.Body.Close()
	var msgs []mockserver.Message
	if err := json.NewDecoder(resp.Body).Decode(&msgs); err != nil {
		r.t.Fatal(err)
	}
	return msgs
}

func (r *wizardRig) signIn(user string) {
	r.t.Helper()
	r.typeInFocused(r.ts.URL)
	r.enter()
	if r.step() != wizard.StepSignIn {
		r.t.Fatalf("after the server: at %v (%s)", r.step(), r.view.msg.Text)
	}
	r.typeInFocused(user)
	r.tab()
	r.typeInFocused(mockserver.DemoPassword)
	r.enter()
}

func TestWizardView_bobByKeyboardOnly(t *testing.T) {
	r := newWizardRig(t)
	r.signIn("bob")
	if r.step() != wizard.StepCode {
		t.Fatalf("at %v (%s), want Code", r.step(), r.view.msg.Text)
	}
	code, _ := totp.GenerateCode("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", time.Now())
	r.typeInFocused(code[:3] + " " + code[3:]) // the sixth digit submits by itself
	r.wait()
	if r.step() != wizard.StepDone || len(r.fin) != 1 || r.fin[0] != "bob/" {
		t.Fatalf("at %v, finished %v, message %q", r.step(), r.fin, r.view.msg.Text)
	}
}

func TestWizardView_errorsInWordsAndEscGoesBack(t *testing.T) {
	r := newWizardRig(t)
	r.typeInFocused(r.ts.URL)
	r.enter()
	r.typeInFocused("alice")
	r.tab()
	r.typeInFocused("wrong")
	r.enter()
	if got := r.view.msg.Text; got != "The username or password is incorrect. Check them and try again." {
		t.Errorf("message: %q", got)
	}
	if r.step() != wizard.StepSignIn {
		t.Errorf("at %v after a wrong password", r.step())
	}
	r.win.Canvas().(interface{ OnTypedKey() func(*fyne.KeyEvent) }).OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if r.step() != wizard.StepServer {
		t.Errorf("Esc at sign-in: at %v, want Server", r.step())
	}
}

func TestWizardView_codeErrorsHaveTheirOwnWords(t *testing.T) {
	r := newWizardRig(t)
	r.signIn("bob")
	r.typeInFocused("000000")
	r.wait()
	if got := r.view.msg.Text; !strings.Contains(got, "authentication code is incorrect") {
		t.Errorf("wrong code: %q", got)
	}
	skewed, _ := totp.GenerateCode("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", time.Now().Add(-3*time.Minute))
	r.focused().SetText("")
	r.typeInFocused(skewed)
	r.wait()
	if got := r.view.msg.Text; !strings.Contains(got, "clock on your phone is off") {
		t.Errorf("skewed code: %q", got)
	}
	s := r.view.current.(*codeScreen)
	if !strings.Contains(s.hint.Text, "time automatically") {
		t.Errorf("no hint after two failed authenticator codes: %q", s.hint.Text)
	}
}

func TestWizardView_daveEnrolsWithBackupKeyGateAndPIN(t *testing.T) {
	r := newWizardRig(t)
	r.signIn("dave")
	if r.step() != wizard.StepEnroll {
		t.Fatalf("at %v (%s)", r.step(), r.view.msg.Text)
	}
	es := r.view.current.(*enrollScreen)
	if len(es.mode.Options) != 2 || es.mode.Options[0] != modeApp || es.mode.Selected != modeApp {
		t.Errorf("modes %v selected %q", es.mode.Options, es.mode.Selected)
	}
	test.Tap(es.submitBtn)
	r.wait()
	cs, ok := r.view.current.(*confirmScreen)
	if !ok {
		t.Fatalf("at %v (%s)", r.step(), r.view.msg.Text)
	}
	en := r.view.flow.Enrollment
	if cs.key.Text != en.BackupKey || cs.qr == nil || keyOf(cs.secret.Text) != en.Secret {
		t.Errorf("confirm screen shows key %q secret %q", cs.key.Text, cs.secret.Text)
	}
	code, _ := totp.GenerateCode(en.Secret, time.Now())
	r.win.Canvas().Focus(cs.code.textEntry) // the page opens on part 1's Copy
	r.typeInFocused(code)
	r.wait()
	if r.step() != wizard.StepEnrollConfirm || !cs.submitBtn.Disabled() {
		t.Fatalf("the code went through before the Backup key was saved (at %v)", r.step())
	}
	test.Tap(cs.saved)
	test.Tap(cs.submitBtn)
	r.wait()
	if r.step() != wizard.StepPINSetup {
		t.Fatalf("at %v (%s)", r.step(), r.view.msg.Text)
	}
	r.typeInFocused("123456")
	r.tab()
	r.typeInFocused("123456")
	r.enter()
	ps := r.view.current.(*pinSetupScreen)
	if !strings.Contains(ps.pinField.err.Text, "too easy to guess") {
		t.Errorf("weak PIN: under the PIN %q", ps.pinField.err.Text)
	}
	ps.pin.SetText("204913")
	ps.confirm.SetText("204913")
	test.Tap(ps.set)
	r.wait()
	if r.step() != wizard.StepDone || len(r.fin) != 1 || r.fin[0] != "dave/204913" {
		t.Errorf("at %v, finished %v (%s)", r.step(), r.fin, r.view.msg.Text)
	}
}

func TestWizardView_carolGetsTheTextAndRecoveryIsNeutral(t *testing.T) {
	r := newWizardRig(t)
	r.signIn("carol")
	cs := r.view.current.(*codeScreen)
	if !strings.Contains(cs.prompt.Text, "+1 ••• ••• 0143") || !cs.resend.Visible() {
		t.Errorf("prompt %q, resend visible %v", cs.prompt.Text, cs.resend.Visible())
	}
	if cs.resend.Text != "Resend (30 s)" || !cs.resend.Disabled() {
		t.Errorf("resend right after the text: %q disabled %v, want a 30 s countdown", cs.resend.Text, cs.resend.Disabled())
	}
	test.TapAt(cs.recover, fyne.NewPos(30, cs.recover.Size().Height/2)) // a link reacts only over its text
	if r.step() != wizard.StepRecovery {
		t.Fatalf("at %v", r.step())
	}
	r.typeInFocused("nobody@acme.test")
	r.tab()
	r.typeInFocused("AAAA-AAAA-AAAA-AAAA")
	r.enter()
	if r.step() != wizard.StepSignIn || r.view.msg.Text != recoveryNotice {
		t.Errorf("after recovery: at %v, message %q", r.step(), r.view.msg.Text)
	}
	// The username is kept, so the password has the focus; then the code from the outbox.
	r.typeInFocused(mockserver.DemoPassword)
	r.enter()
	msgs := r.textsTo("+12025550143")
	r.typeInFocused(msgs[len(msgs)-1].Code)
	r.wait()
	if r.step() != wizard.StepDone {
		t.Errorf("at %v (%s)", r.step(), r.view.msg.Text)
	}
}

func TestWizardView_warnsWhenTheClocksDiffer(t *testing.T) {
	r := newWizardRig(t)
	r.srv.SetClockOffset(2 * time.Minute)
	r.typeInFocused(r.ts.URL)
	r.enter()
	s := r.view.current.(*signInScreen)
	if !s.clock.Visible() || !strings.Contains(s.clock.Text, "clock differs from the server's by 2m0s") {
		t.Errorf("clock warning: visible %v, %q", s.clock.Visible(), s.clock.Text)
	}
	r2 := newWizardRig(t)
	r2.typeInFocused(r2.ts.URL)
	r2.enter()
	if r2.view.current.(*signInScreen).clock.Visible() {
		t.Error("a warning with matching clocks")
	}
}

func TestBackupKeyFile_namesTheKeyAndItsUse(t *testing.T) {
	got := backupKeyFile("7Q2M-K4XD-9PVN-3HZA")
	for _, want := range []string{"7Q2M-K4XD-9PVN-3HZA", "Account Recovery", "works once"} {
		if !strings.Contains(got, want) {
			t.Errorf("file lacks %q:\n%s", want, got)
		}
	}
}

func TestWizardView_serverGoneMidSignInThenRetry(t *testing.T) {
	r := newWizardRig(t)
	r.signIn("bob")
	if r.step() != wizard.StepCode {
		t.Fatalf("at %v (%s), want Code", r.step(), r.view.msg.Text)
	}
	addr := r.ts.Listener.Addr().String()
	r.ts.Close() // the server goes away between the password and the code
	code, _ := totp.GenerateCode("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", time.Now())
	r.typeInFocused(code)
	r.wait()
	if got := r.view.msg.Text; !strings.Contains(got, "Can't reach the server") || r.view.retry.Hidden || r.step() != wizard.StepCode {
		t.Fatalf("server down: at %v, message %q, Retry hidden %v", r.step(), got, r.view.retry.Hidden)
	}
	// The same server (same state) comes back at the same address.
	l, err := net.Listen("tcp", addr)
	if err != nil {
		t.Fatalf("the address could not be taken again: %v", err)
	}
	back := &httptest.Server{Listener: l, Config: &http.Server{Handler: r.srv}}
	back.Start()
	t.Cleanup(back.Close)
	test.Tap(r.view.retry)
	r.wait()
	if r.step() != wizard.StepDone || len(r.fin) != 1 || !r.view.retry.Hidden {
		t.Fatalf("after Retry: at %v, finished %v, message %q", r.step(), r.fin, r.view.msg.Text)
	}
}

func TestWizardView_tooManyCodesCountsDownWithTheFieldOff(t *testing.T) {
	r := newWizardRig(t)
	r.signIn("bob")
	for i := 1; i <= 6 && !strings.Contains(r.view.msg.Text, "Too many attempts"); i++ {
		r.focused().SetText("")
		r.typeInFocused(fmt.Sprintf("00000%d", i)) // wrong codes, each submitted by its 6th digit
		r.wait()
	}
	// The wait counts down once, on Next: a first-time user saw the number twice, in the
	// banner and on the button. The banner says where to look, without a number.
	got := r.view.msg.Text
	if want := "Too many attempts. Wait for the countdown on the button below, then try again."; got != want {
		t.Fatalf("after wrong codes, the banner reads %q, want %q", got, want)
	}
	if got := waitingOn(r.view.current.(*codeScreen).verify); got != "" {
		t.Errorf("during the wait, Next is %s", got)
	}
	code := r.view.current.(*codeScreen).code.textEntry
	if !code.Disabled() || r.view.stopWait == nil {
		t.Error("the code field stays usable during the wait")
	}
	// Esc leaves the step; the countdown stops with it.
	r.win.Canvas().(interface{ OnTypedKey() func(*fyne.KeyEvent) }).OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if r.view.stopWait != nil {
		t.Error("the countdown outlived its screen")
	}
}

func TestWizardView_daveTextMessageWithCountryAndFormattedNumber(t *testing.T) {
	t.Setenv("LANG", "en_GB.UTF-8")
	t.Setenv("LC_ALL", "")
	t.Setenv("LC_MESSAGES", "")
	r := newWizardRig(t)
	r.signIn("dave")
	es, ok := r.view.current.(*enrollScreen)
	if !ok {
		t.Fatalf("at %v (%s)", r.step(), r.view.msg.Text)
	}
	if es.phone.box.Visible() {
		t.Error("the phone number shows before Text message is chosen")
	}
	es.mode.SetSelected(modeText)
	if !es.phone.box.Visible() || es.phone.country.Selected != "United Kingdom (+44)" {
		t.Fatalf("phone visible %v, country %q (the locale says GB)", es.phone.box.Visible(), es.phone.country.Selected)
	}
	test.Type(es.phone.number, "555")
	test.Tap(es.submitBtn)
	r.wait()
	if got := es.phone.field.err.Text; got != "That is not a valid mobile phone number for the country chosen. Check the country and the number." || r.step() != wizard.StepEnroll {
		t.Fatalf("a bad number: at %v, %q", r.step(), got)
	}
	es.phone.country.SetSelected("United States (+1)")
	es.phone.number.SetText("")
	test.Type(es.phone.number, "(202) 555-0177")
	if es.phone.heard.Text != "We will text +1 202-555-0177" {
		t.Errorf("echo: %q", es.phone.heard.Text)
	}
	es.phone.number.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	r.wait()
	if r.step() != wizard.StepEnrollConfirm || es.phone.number.Text != "+1 202-555-0177" {
		t.Fatalf("at %v (%s), number shown %q", r.step(), r.view.msg.Text, es.phone.number.Text)
	}
	if msgs := r.textsTo("+12025550177"); len(msgs) != 1 || msgs[0].Code == "" {
		t.Errorf("texts to +12025550177: %+v", msgs)
	}
}

// TestWizardView_progressAtOnceAndCancel: Enter shows the progress bar and Cancel and turns
// the step's inputs off before the request is even sent (well within 100 ms: on the same
// turn of the event loop), and Cancel stops a slow request and gives the step back.
func TestWizardView_progressAtOnceAndCancel(t *testing.T) {
	r := newWizardRig(t)
	r.typeInFocused(r.ts.URL)
	r.enter()
	resp, err := http.Post(r.ts.URL+"/dev/faults", "application/json", strings.NewReader(`{"path":"/api/v1/auth/login","delay_ms":5000,"times":1}`))
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("fault: %v %v", err, resp)
	}
	resp.Body.Close()
	r.typeInFocused("alice")
	r.tab()
	r.typeInFocused(mockserver.DemoPassword)
	r.focused().TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn}) // not r.enter(): do not wait
	s := r.view.current.(*signInScreen)
	if s.signIn.Text != "Signing in…" || !s.signIn.act.Visible() || r.view.cancel.Text != "Cancel" || !r.view.cancel.Visible() || !s.username.Disabled() || !s.signIn.Disabled() || !s.recover.Disabled() {
		t.Fatalf("right after Enter: button %q, indicator %v, back reads %q, inputs off %v, link off %v",
			s.signIn.Text, s.signIn.act.Visible(), r.view.cancel.Text, s.username.Disabled(), s.recover.Disabled())
	}
	test.Tap(r.view.cancel)
	r.wait() // "Cancelled." below comes only from the cancelled ctx, not the 5 s answer
	if s.signIn.act.Visible() || s.signIn.Text != "Sign in" || r.view.cancel.Text != "Back" || s.username.Disabled() || r.view.msg.Text != "Cancelled." || r.step() != wizard.StepSignIn {
		t.Errorf("after Cancel: indicator %v, button %q, back reads %q, inputs off %v, message %q, at %v",
			s.signIn.act.Visible(), s.signIn.Text, r.view.cancel.Text, s.username.Disabled(), r.view.msg.Text, r.step())
	}
}

func TestWizardView_backupKeySavedThroughTheFileDialog(t *testing.T) {
	home := t.TempDir()
	t.Setenv("HOME", home)
	r := newWizardRig(t)
	cs := daveAtConfirm(r)
	test.Tap(cs.saveBtn)
	top := r.win.Canvas().Overlays().Top()
	if top == nil {
		t.Fatal("Save to file opened no dialog")
	}
	var name *widget.Entry
	for _, o := range test.LaidOutObjects(top) {
		if e, ok := o.(*widget.Entry); ok && e.Text == "x360sync-backup-key.txt" {
			name = e
		}
	}
	if name == nil {
		t.Fatal("the dialog has no file name field with the name filled in")
	}
	name.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn}) // Enter saves
	r.wait()                                            // the file is written off the UI goroutine
	raw, err := os.ReadFile(filepath.Join(home, "x360sync-backup-key.txt"))
	if err != nil {
		t.Fatalf("no file in the home folder: %v", err)
	}
	if !strings.Contains(string(raw), "\n"+r.view.flow.Enrollment.BackupKey+"\n") || !strings.Contains(string(raw), "Account Recovery") {
		t.Errorf("file content:\n%s", raw)
	}
	if fi, err := os.Stat(filepath.Join(home, "x360sync-backup-key.txt")); err != nil || (runtime.GOOS != "windows" && fi.Mode().Perm() != 0o600) {
		t.Errorf("the Backup key file: %v, mode %v; want 0600 (owner only)", err, fi.Mode().Perm())
	}
	if !cs.saved.Checked || r.win.Canvas().Focused() != cs.code.textEntry || r.win.Canvas().Overlays().Top() != nil {
		t.Errorf("after saving: box ticked %v, focus on %T, dialog still open %v", cs.saved.Checked, r.win.Canvas().Focused(), r.win.Canvas().Overlays().Top() != nil)
	}
}

// slowFile is a file in a slow or network folder: its writes wait until released.
type slowFile struct {
	release chan struct{}
	bytes.Buffer
	closed bool
}

func (f *slowFile) Write(p []byte) (int, error) { <-f.release; return f.Buffer.Write(p) }
func (f *slowFile) Close() error                { f.closed = true; return nil }
func (f *slowFile) URI() fyne.URI               { return storage.NewFileURI("/nowhere/x360sync-backup-key.txt") }

// TestWizardView_savingTheBackupKeyNeverWaitsOnTheUIGoroutine: the file the person picked is
// written off the UI goroutine; the box is ticked once it is written.
func TestWizardView_savingTheBackupKeyNeverWaitsOnTheUIGoroutine(t *testing.T) {
	r := newWizardRig(t)
	cs := daveAtConfirm(r)
	f := &slowFile{release: make(chan struct{})}
	returned := make(chan struct{})
	go func() { cs.saveTo(f, nil); close(returned) }()
	select {
	case <-returned:
	case <-time.After(2 * time.Second):
		close(f.release)
		<-returned
		t.Fatal("the file dialog's answer waited on the UI goroutine for the file to be written")
	}
	if cs.saved.Checked || !cs.saveBtn.Disabled() {
		t.Errorf("while the file is written: box ticked %v, Save to file off %v", cs.saved.Checked, cs.saveBtn.Disabled())
	}
	close(f.release)
	r.wait()
	if !cs.saved.Checked || !strings.Contains(f.String(), r.view.flow.Enrollment.BackupKey) || cs.saveBtn.Disabled() {
		t.Errorf("once written: box ticked %v, Save to file off %v, file %q", cs.saved.Checked, cs.saveBtn.Disabled(), f.String())
	}
}

func TestWizardView_usedAndExpiredCodesSaySo(t *testing.T) {
	r := newWizardRig(t)
	// bob registers elsewhere with the current code; the same code here is a replay.
	c, _ := client.New(r.ts.URL)
	ctx := context.Background()
	ch, err := c.Login(ctx, api.LoginRequest{Username: "bob", Password: mockserver.DemoPassword, Device: api.DeviceInfo{Name: "phone"}}, "")
	if err != nil {
		t.Fatal(err)
	}
	code, _ := totp.GenerateCode("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", r.srv.Now())
	if _, err := c.Verify(ctx, ch.Challenge, code, ""); err != nil {
		t.Fatal(err)
	}
	r.signIn("bob")
	r.typeInFocused(code)
	r.wait()
	got := r.view.msg.Text
	var left int
	if _, err := fmt.Sscanf(got, "That code was already used. Wait for the next code from your authenticator app, about %d s.", &left); err != nil || left < 1 || left > 30 {
		t.Errorf("a used code: %q", got)
	}

	// carol's text message code, typed after it expired (10 minutes; the sign-in lasts 15).
	r2 := newWizardRig(t)
	r2.signIn("carol")
	msgs := r2.textsTo("+12025550143")
	r2.srv.SetClockOffset(11 * time.Minute)
	r2.typeInFocused(msgs[len(msgs)-1].Code)
	r2.wait()
	if got := r2.view.msg.Text; got != "That code has expired. Press Resend for a new text message." {
		t.Errorf("an expired code: %q", got)
	}
}

// TestWizardView_textLimitSaysWhenTheNextCanGo: with five texts to carol's phone this hour,
// signing in says when the next one can be sent, and leaves the form usable.
func TestWizardView_textLimitSaysWhenTheNextCanGo(t *testing.T) {
	r := newWizardRig(t)
	for range 5 {
		body := `{"username":"carol","password":"` + mockserver.DemoPassword + `","device":{"name":"elsewhere"}}`
		resp, err := http.Post(r.ts.URL+"/api/v1/auth/login", "application/json", strings.NewReader(body))
		if err != nil || resp.StatusCode != http.StatusOK {
			t.Fatalf("earlier sign-in: %v %v", err, resp)
		}
		resp.Body.Close()
	}
	r.signIn("carol")
	want := "No more text messages can be sent to your phone for now. The next one can be sent in 60 minutes."
	if got := r.view.msg.Text; got != want || r.step() != wizard.StepSignIn {
		t.Fatalf("at %v: %q, want %q", r.step(), got, want)
	}
	if s := r.view.current.(*signInScreen); s.username.Disabled() || r.view.stopWait != nil {
		t.Error("the sign-in form is off during a text limit")
	}
}

// modeAtWrite is a file writer that notes the file's mode when the first bytes are written.
type modeAtWrite struct {
	fyne.URIWriteCloser
	mode os.FileMode
}

func (w *modeAtWrite) Write(p []byte) (int, error) {
	if fi, err := os.Stat(w.URI().Path()); err == nil && w.mode == 0 {
		w.mode = fi.Mode().Perm()
	}
	return w.URIWriteCloser.Write(p)
}

// TestBackupKeyFile_ownerOnlyBeforeTheKeyIsWritten: the Backup key is never in a file other
// users of the computer can read, not even for a moment (Fyne creates files 0644).
func TestBackupKeyFile_ownerOnlyBeforeTheKeyIsWritten(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("Windows has no owner-only mode bits: the file inherits its folder's access list")
	}
	test.NewTempApp(t)
	path := filepath.Join(t.TempDir(), "x360sync-backup-key.txt")
	fw, err := storage.Writer(storage.NewFileURI(path))
	if err != nil {
		t.Fatal(err)
	}
	w := &modeAtWrite{URIWriteCloser: fw}
	if err := writeBackupKey(w, "ABCD-EFGH-IJKL"); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if w.mode != 0o600 || fi.Mode().Perm() != 0o600 {
		t.Errorf("the Backup key file was %v when the key was written and is %v now; want 0600", w.mode, fi.Mode().Perm())
	}
}

// TestWizardView_backupKeySavedWhileACallRuns: the dialog's answer that comes while a call is
// in flight (the code being checked on a slow server) still writes and closes the file the
// dialog created; Save to file itself is off while a call runs (security review: the answer
// was refused, leaving an empty file open).
func TestWizardView_backupKeySavedWhileACallRuns(t *testing.T) {
	r := newWizardRig(t)
	cs := daveAtConfirm(r)
	block := make(chan struct{})
	r.view.run.run(r.view.setBusy, func(context.Context) error { <-block; return nil }, func(error) {})
	if !cs.saveBtn.Disabled() {
		t.Error("Save to file can be pressed while a call runs")
	}
	f := &slowFile{release: make(chan struct{})}
	close(f.release)
	cs.saveTo(f, nil)
	close(block)
	r.wait()
	if !strings.Contains(f.String(), r.view.flow.Enrollment.BackupKey) || !f.closed || !cs.saved.Checked {
		t.Errorf("the file picked while a call ran: %q written, closed %v, box ticked %v", f.String(), f.closed, cs.saved.Checked)
	}
}

// drainUntil runs the answers and ticks delivered to the UI goroutine until done says so, or
// fails after limit.
func (r *wizardRig) drainUntil(limit time.Duration, done func() bool) {
	r.t.Helper()
	deadline := time.After(limit)
	for !done() {
		select {
		case f := <-r.queue:
			f()
		case <-deadline:
			r.t.Fatalf("still waiting after %v: message %q", limit, r.view.msg.Text)
		}
	}
}

// waitingOn says what a primary button shows during a too-many-attempts wait, "" when it
// looks right: not busy (the call is over: no busy words, no indicator), disabled, and
// counting down.
func waitingOn(b *busyButton) string {
	switch {
	case b.face.root.Visible() || b.act.Visible():
		return fmt.Sprintf("busy (%q, indicator shown %v)", b.face.words.Text, b.act.Visible())
	case !b.Disabled():
		return "enabled"
	case !strings.HasPrefix(b.Text, "Try again in ") || !strings.HasSuffix(b.Text, " s"):
		return fmt.Sprintf("labelled %q, want \"Try again in N s\"", b.Text)
	}
	return ""
}

// TestWizardView_tooManyPasswordsCountsDownOnTheButton: a first-time-user test saw "Signing
// in…" and the spinner for the whole 28 s of a too-many-attempts wait, as if it hung, and the
// wrong password still in its field afterwards. The call is over: Sign in is off and counts
// down ("Try again in 28 s"), then reads Sign in again, with the password emptied and focused.
func TestWizardView_tooManyPasswordsCountsDownOnTheButton(t *testing.T) {
	r := newWizardRig(t)
	r.view.run.second = 5 * time.Millisecond // a wait of 30 "seconds" ends in 150 ms
	r.typeInFocused(r.ts.URL)
	r.enter()
	s, ok := r.view.current.(*signInScreen)
	if !ok {
		t.Fatalf("at %v (%s)", r.step(), r.view.msg.Text)
	}
	s.username.SetText("carol")
	for i := 0; i < 8 && !strings.Contains(r.view.msg.Text, "Too many attempts"); i++ {
		s.password.SetText(fmt.Sprintf("wrong-%d", i))
		s.password.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
		r.view.run.wg.Wait()
		(<-r.queue)() // the answer only: the ticks are drained below
	}
	if !strings.Contains(r.view.msg.Text, "Too many attempts") {
		t.Fatalf("never throttled: %q", r.view.msg.Text)
	}
	if got := waitingOn(s.signIn); got != "" {
		t.Errorf("during the wait, Sign in is %s", got)
	}
	r.drainUntil(5*time.Second, func() bool { return r.view.stopWait == nil })
	if s.signIn.Disabled() || s.signIn.Text != "Sign in" || s.signIn.face.root.Visible() {
		t.Errorf("after the wait: Sign in reads %q, disabled %v", s.signIn.Text, s.signIn.Disabled())
	}
	if s.password.Text != "" || r.win.Canvas().Focused() != s.password {
		t.Errorf("after the wait: password %q, focus on %T %q, want the password emptied and focused",
			s.password.Text, r.win.Canvas().Focused(), textOf(r.win.Canvas().Focused()))
	}
}

// The code step's wait is the same: Next counts down, not busy, and the code field is empty
// and focused when the wait is over.
func TestWizardView_tooManyCodesCountsDownOnNext(t *testing.T) {
	r := newWizardRig(t)
	r.signIn("bob")
	r.view.run.second = 5 * time.Millisecond
	cs, ok := r.view.current.(*codeScreen)
	if !ok {
		t.Fatalf("at %v (%s)", r.step(), r.view.msg.Text)
	}
	for i := 1; i <= 6 && !strings.Contains(r.view.msg.Text, "Too many attempts"); i++ {
		cs.code.SetText("")
		test.Type(cs.code.textEntry, fmt.Sprintf("00000%d", i)) // submitted by its 6th digit
		r.view.run.wg.Wait()
		(<-r.queue)()
	}
	if got := waitingOn(cs.verify); got != "" {
		t.Errorf("during the wait (%q), Next is %s", r.view.msg.Text, got)
	}
	r.drainUntil(5*time.Second, func() bool { return r.view.stopWait == nil })
	if cs.verify.Disabled() || cs.verify.Text != "Next" {
		t.Errorf("after the wait: Next reads %q, disabled %v", cs.verify.Text, cs.verify.Disabled())
	}
	if cs.code.Text != "" || r.win.Canvas().Focused() != cs.code.textEntry {
		t.Errorf("after the wait: code %q, focus on %T", cs.code.Text, r.win.Canvas().Focused())
	}
}

// On Confirm two-step authentication, Submit counts the wait down the same way and the code
// field is empty and focused when it is over.
func TestWizardView_tooManyConfirmCodesCountsDownOnSubmit(t *testing.T) {
	r := newWizardRig(t)
	r.view.run.second = 5 * time.Millisecond
	cs := daveAtConfirm(r)
	test.Tap(cs.saved)
	for i := 1; i <= 8 && !strings.Contains(r.view.msg.Text, "Too many attempts"); i++ {
		cs.code.SetText("")
		test.Type(cs.code.textEntry, fmt.Sprintf("00000%d", i))
		r.view.run.wg.Wait()
		(<-r.queue)()
	}
	if !strings.Contains(r.view.msg.Text, "Too many attempts") {
		t.Fatalf("never throttled: %q", r.view.msg.Text)
	}
	if b := cs.submitBtn; !b.Disabled() || !strings.HasPrefix(b.Text, "Try again in ") {
		t.Errorf("during the wait, Submit reads %q, disabled %v", b.Text, b.Disabled())
	}
	r.drainUntil(5*time.Second, func() bool { return r.view.stopWait == nil })
	if b := cs.submitBtn; b.Disabled() || b.Text != "Submit" {
		t.Errorf("after the wait: Submit reads %q, disabled %v", b.Text, b.Disabled())
	}
	if cs.code.Text != "" || r.win.Canvas().Focused() != cs.code.textEntry {
		t.Errorf("after the wait: code %q, focus on %T", cs.code.Text, r.win.Canvas().Focused())
	}
}
