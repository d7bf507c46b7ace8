// Package cli is the terminal front end on the same core as the desktop app, for headless Linux
// machines and scripted set-ups: "x360sync register", "status" and "signout". It asks for the
// password without echo when it talks to a terminal, and reads lines from standard input when
// it does not (so a script or a test can drive it).
package cli

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/term"

	"github.com/x360sync/desktop/app/config"
	"github.com/x360sync/desktop/app/instance"
	"github.com/x360sync/desktop/app/pin"
	"github.com/x360sync/desktop/app/session"
	"github.com/x360sync/desktop/app/vault"
	"github.com/x360sync/desktop/app/wizard"
	"github.com/x360sync/desktop/client"
	"github.com/x360sync/desktop/client/api"
)

// Exit codes, documented in Usage.
const (
	ExitOK          = 0
	ExitFailed      = 1 // the server refused (wrong password, wrong code, ...) or the input ended
	ExitUsage       = 2
	ExitUnreachable = 3
	ExitKeyring     = 4
	ExitAppOpen     = 5 // the desktop app holds this computer's profile
	// ExitCertChanged: the server's certificate is not the one trusted (pinned, or named with
	// --trust-fingerprint); nothing was sent to it.
	ExitCertChanged = 6
	// ExitNotRegistered: status found nothing registered on this computer (the profile).
	ExitNotRegistered = 7
)

// Commands are the subcommands Run understands; anything else starts the GUI.
var Commands = []string{"register", "status", "signout"}

// Usage is the help text for the terminal commands.
const Usage = `Usage:
  x360sync                       open the desktop app
  x360sync register [--server URL] [--user NAME] [--device NAME] [--trust-fingerprint SHA256]
                    [--start-at-sign-in]
                                 register this computer from the terminal; a server whose
                                 certificate this computer does not trust is shown and asked
                                 about (no terminal: not trusted), or trusted if its SHA-256
                                 fingerprint is the one given; the app starts when you sign
                                 in if --start-at-sign-in is given or you say yes when asked
                                 (no terminal: not asked)
  x360sync status                show whether this computer is registered, and where
  x360sync signout               sign this computer out (revoke it, then wipe it locally)
  x360sync --demo COMMAND        the same commands on the demo's own profile (make run)
  x360sync --version             print the version

Exit codes: 0 done, 1 refused by the server or input ended, 2 usage error,
3 server unreachable (name, connection, proxy, certificate, not an x360Sync server),
4 secure storage (keyring) unavailable, 5 the desktop app is open (quit it before register
or signout), 6 the server's certificate is not the trusted one (nothing was sent to it),
7 (status) this computer is not registered (0: it is, and status said how).
`

// Env is what the commands run with.
type Env struct {
	Session *session.Manager
	In      io.Reader
	Out     io.Writer
	Err     io.Writer
	// DefaultDevice prefills the device name (the computer's name).
	DefaultDevice string
	// ProfileDir is the folder whose instance lock the desktop app holds while it runs;
	// register and signout hold it too, and refuse while the app has it. Empty skips that.
	ProfileDir string
	// Terminal says whether In is a terminal a person answers at; nil detects it. Without one,
	// "Trust this certificate?" is answered no.
	Terminal func() bool
	// StartAtSignIn makes the app start when the person signs in to the computer, as the
	// desktop app's Done screen offers; nil (the demo) never offers it.
	StartAtSignIn interface{ Enable() error }
	// Demo says the commands run on the demo's own profile (x360sync --demo COMMAND).
	Demo bool
}

// Run runs one command and returns its exit code.
func Run(ctx context.Context, args []string, env Env) int {
	if len(args) == 0 {
		fmt.Fprint(env.Err, Usage)
		return ExitUsage
	}
	in := &prompter{r: bufio.NewReader(env.In), in: env.In, out: env.Out, tty: env.Terminal}
	var err error
	switch args[0] {
	case "register", "signout":
		if args[0] == "signout" && len(args) > 1 {
			fmt.Fprintf(env.Err, "signout takes no arguments (got %q).\n%s", strings.Join(args[1:], " "), Usage)
			return ExitUsage
		}
		err = holdingProfile(env, func() error {
			if args[0] == "register" {
				return register(ctx, args[1:], env, in)
			}
			return signout(ctx, env)
		})
	case "status":
		if len(args) > 1 {
			fmt.Fprintf(env.Err, "status takes no arguments (got %q).\n%s", strings.Join(args[1:], " "), Usage)
			return ExitUsage
		}
		err = status(ctx, env)
	default:
		fmt.Fprint(env.Err, Usage)
		return ExitUsage
	}
	return report(env.Err, err, env.Demo)
}

// holdingProfile runs a command that changes the state while holding the profile lock the
// desktop app holds while it runs, so the two never write the same state at once, and the app
// cannot open halfway through a registration.
func holdingProfile(env Env, run func() error) error {
	if env.ProfileDir == "" {
		return run()
	}
	l, err := instance.TryLock(env.ProfileDir)
	if err != nil {
		return err
	}
	defer l.Close()
	return run()
}

// noServer is register's answer to an empty server address: what to give instead. The demo's
// server runs inside the demo app (x360sync --demo), so its profile is pointed there.
func noServer(demo bool) error {
	if demo {
		return fmt.Errorf("%w: no server address given. The demo's server runs inside the demo app: run `x360sync --demo` and sign in there", errUsage)
	}
	return fmt.Errorf("%w: no server address given. Type it at the prompt, or give it: x360sync register --server https://sync.example.com", errUsage)
}

// report prints what went wrong in words a person can act on, and picks the exit code; demo
// says the command ran on the demo's profile, so the commands it names carry --demo.
func report(w io.Writer, err error, demo bool) int {
	var ue *vault.UnavailableError
	switch {
	case err == nil:
		return ExitOK
	case errors.Is(err, errNotRegistered): // status said so
		return ExitNotRegistered
	case errors.Is(err, errUsage):
		fmt.Fprintln(w, err)
		return ExitUsage
	case errors.Is(err, session.ErrRegistered):
		if demo {
			fmt.Fprintln(w, "The demo is already registered on this computer. Run x360sync --demo signout first to register it again.")
		} else {
			fmt.Fprintln(w, "This computer is already registered. Run x360sync signout first to register it again.")
		}
		return ExitFailed
	case errors.Is(err, instance.ErrRunning):
		fmt.Fprintln(w, "x360Sync is open on this computer: quit it first, or use its window.")
		return ExitAppOpen
	case errors.As(err, &ue):
		fmt.Fprintf(w, "Your credentials could not be stored safely: %s.\n", ue.Advice())
		return ExitKeyring
	case errors.Is(err, client.ErrCertificateChanged):
		fmt.Fprintln(w, changedMessage(err))
		return ExitCertChanged
	case errors.Is(err, client.ErrUnreachable), errors.Is(err, client.ErrServer),
		errors.Is(err, client.ErrTLS), errors.Is(err, client.ErrNotX360Sync), errors.Is(err, client.ErrUnsupportedAPI):
		fmt.Fprintln(w, ConnMessage(err))
		if d, ok := client.DetailsOf(err); ok {
			fmt.Fprintln(w, detailsLine(d))
		}
		return ExitUnreachable
	}
	fmt.Fprintln(w, Message(err))
	return ExitFailed
}

var (
	errUsage         = errors.New("usage")
	errNotRegistered = errors.New("not registered")
)

// Message words an error from the core for the terminal. Like the window's message, it is one
// flat case per error worded, which is its whole cyclomatic count.
//
//gocyclo:ignore
func Message(err error) string {
	var ae *client.APIError
	retry := ""
	if errors.As(err, &ae) && ae.RetryAfter > 0 {
		retry = fmt.Sprintf(" Try again in %d seconds.", ae.RetryAfter)
	}
	switch {
	case errors.Is(err, client.ErrInvalidCredentials):
		return "The username or password is incorrect. Check them and run the command again."
	case errors.Is(err, client.ErrInvalidCode):
		return "The authentication code is incorrect."
	case errors.Is(err, client.ErrCodeExpired):
		return "The code has expired. Request a new one."
	case errors.Is(err, client.ErrCodeUsed):
		return "That code was already used. Wait for the next code from your authenticator app."
	case errors.Is(err, client.ErrClockSkew):
		return "The code is from another time: set the clock of the device with your authenticator app automatically."
	case errors.Is(err, client.ErrSMSLimit):
		return "No more text messages can be sent to your phone for now." + retry
	case errors.Is(err, client.ErrRateLimited):
		return "Too many attempts." + retry
	case errors.Is(err, client.ErrTwoFactorEnabled):
		return "Two-step authentication is already on. Disable it first (password and a current code), then set it up again."
	case errors.Is(err, client.ErrRecoveryLocked): // before ErrAccountLocked, which it also is
		return "Account Recovery is locked for this email address after too many wrong Backup keys. Contact your administrator to unlock your account."
	case errors.Is(err, client.ErrAccountLocked):
		return "This account is locked after too many wrong passwords. Use Account Recovery or ask your administrator."
	case errors.Is(err, client.ErrUnsupportedMediaType):
		return "The server refused the request's format. Update x360Sync or check the server address."
	case errors.Is(err, client.ErrMisdirected):
		return "The server refused the address it was reached by. Use 127.0.0.1 or localhost in the server address."
	case errors.Is(err, client.ErrChallengeExpired):
		return "The sign-in expired. Run the command again."
	case errors.Is(err, client.ErrInvalidPhone):
		return "That phone number is not valid. Include the country code, e.g. +1 202 555 0143."
	case errors.Is(err, client.ErrSMSNotAllowed):
		return "Your organization does not allow text messages. Choose 1, the authenticator mobile app."
	case errors.Is(err, client.ErrInsecureURL):
		return "The server address must start with https:// (http:// only for this computer)."
	case errors.Is(err, pin.ErrLength), errors.Is(err, pin.ErrDigits):
		return "The PIN must be 6 to 12 digits."
	case errors.Is(err, pin.ErrRepeated), errors.Is(err, pin.ErrSequence):
		return "That PIN is too easy to guess. Avoid repeated digits and runs like 123456."
	case errors.Is(err, pin.ErrMismatch):
		return "The two PINs differ."
	case errors.Is(err, io.EOF):
		return "The input ended before registration finished."
	}
	return "Something went wrong. Try again."
}

type prompter struct {
	r   *bufio.Reader
	in  io.Reader
	out io.Writer
	tty func() bool
}

// terminal says whether a person is there to answer a question that must not default to yes.
func (p *prompter) terminal() bool {
	if p.tty != nil {
		return p.tty()
	}
	f, ok := p.in.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

func (p *prompter) line(prompt string) (string, error) {
	fmt.Fprint(p.out, prompt)
	s, err := p.r.ReadString('\n')
	if err != nil && (err != io.EOF || s == "") {
		return "", io.EOF
	}
	return strings.TrimRight(s, "\r\n"), nil
}

// secret reads without echo from a terminal; from a pipe it reads a line.
func (p *prompter) secret(prompt string) (string, error) {
	if f, ok := p.in.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		fmt.Fprint(p.out, prompt)
		b, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(p.out)
		return string(b), err
	}
	return p.line(prompt)
}

func register(ctx context.Context, args []string, env Env, in *prompter) error {
	fs := flag.NewFlagSet("register", flag.ContinueOnError)
	fs.SetOutput(env.Err)
	server := fs.String("server", "", "server address, e.g. https://sync.example.com")
	user := fs.String("user", "", "username")
	device := fs.String("device", env.DefaultDevice, "name of this computer as the server will list it")
	trustFP := fs.String("trust-fingerprint", "", "trust the server's certificate if its SHA-256 fingerprint is this one")
	startAtSignIn := fs.Bool("start-at-sign-in", false, "start x360Sync when you sign in to this computer")
	if err := fs.Parse(args); err != nil {
		return fmt.Errorf("%w: %v", errUsage, err)
	}
	// The saved state first: an owed revocation goes out, a crash is resolved, and a computer
	// that is registered already is not registered twice.
	if err := env.Session.Start(ctx); err != nil {
		return err
	}
	if st := env.Session.State(); st != session.NoCredential {
		return session.ErrRegistered
	}
	f := env.Session.NewFlow()
	defer env.Session.Close() // an unfinished registration is revoked
	var err error
	if *server == "" {
		if *server, err = in.line("Server address: "); err != nil {
			return err
		}
	}
	if strings.TrimSpace(*server) == "" {
		return noServer(env.Demo)
	}
	err = f.SubmitServer(ctx, *server)
	if f.Certificate != nil {
		err = trust(ctx, f, in, *trustFP, err)
	}
	if err != nil {
		return err
	}
	if *user == "" {
		if *user, err = in.line("Username: "); err != nil {
			return err
		}
	}
	password, err := in.secret("Password: ")
	if err != nil {
		return err
	}
	if err := f.SubmitSignIn(ctx, *user, password, *device); err != nil {
		return err
	}
	for f.Step() != wizard.StepDone {
		if err := step(ctx, f, in); err != nil {
			return err
		}
	}
	fmt.Fprintf(env.Out, "This computer is registered as %q for %s on %s.\n", f.DeviceName, f.Username, f.Server)
	offerStartAtSignIn(env, in, *startAtSignIn)
	return nil
}

// offerStartAtSignIn asks what the Done screen's box asks, yes by default as there, and
// switches the start at sign-in on when wanted. The registration stands whatever happens
// here, so a failure is said and not returned.
func offerStartAtSignIn(env Env, in *prompter, wanted bool) {
	if env.StartAtSignIn == nil {
		return
	}
	if !wanted && in.terminal() {
		answer, err := in.line("Start x360Sync when you sign in to this computer? [Y/n] ")
		wanted = err == nil && !strings.HasPrefix(strings.ToLower(strings.TrimSpace(answer)), "n")
	}
	switch {
	case !wanted:
		fmt.Fprintln(env.Out, "x360Sync will not start when you sign in. To change that, tick \"Start x360Sync when I sign in\" in the desktop app's account window.")
	case env.StartAtSignIn.Enable() != nil:
		fmt.Fprintln(env.Out, "Couldn't set x360Sync to start when you sign in (the registration is kept). Tick \"Start x360Sync when I sign in\" in the desktop app's account window to try again.")
	default:
		fmt.Fprintln(env.Out, "x360Sync will start when you sign in to this computer.")
	}
}

// step asks for what the current step needs. Wrong codes and weak PINs are asked again;
// anything else ends the command.
func step(ctx context.Context, f *wizard.Flow, in *prompter) error {
	ask, ok := steps[f.Step()]
	if !ok {
		return fmt.Errorf("cli: unexpected step %v", f.Step())
	}
	err := ask(ctx, f, in)
	if err != nil && retryAtStep(err) {
		fmt.Fprintln(in.out, Message(err))
		return nil
	}
	return err
}

// steps asks, for each step that needs the person, what that step needs and submits it.
var steps = map[wizard.Step]func(context.Context, *wizard.Flow, *prompter) error{
	wizard.StepCode:          askCode,
	wizard.StepEnroll:        askMode,
	wizard.StepEnrollConfirm: askConfirm,
	wizard.StepPINSetup:      askPIN,
}

func askCode(ctx context.Context, f *wizard.Flow, in *prompter) error {
	where := "your authenticator app"
	if f.Mode == api.ModeSMS {
		where = "the text message sent to " + f.PhoneHint
	}
	code, err := in.line("Authentication Code from " + where + ": ")
	if err != nil {
		return err
	}
	return f.SubmitCode(ctx, code)
}

func askMode(ctx context.Context, f *wizard.Flow, in *prompter) error {
	fmt.Fprintln(in.out, "Your organization requires two-step authentication. Authentication Mode: 1) Authenticator mobile app  2) Text message")
	choice, err := in.line("Choose 1 or 2: ")
	if err != nil {
		return err
	}
	mode, phone := api.ModeTOTP, ""
	if strings.TrimSpace(choice) == "2" {
		mode = api.ModeSMS
		if phone, err = in.line("Mobile phone number with country code: "); err != nil {
			return err
		}
	}
	return f.ChooseMode(ctx, mode, phone)
}

func askConfirm(ctx context.Context, f *wizard.Flow, in *prompter) error {
	en := f.Enrollment
	fmt.Fprintf(in.out, "Save this Backup key; you need it to recover your account: %s\n", en.BackupKey)
	if en.Secret != "" {
		fmt.Fprintf(in.out, "Add this account to your authenticator app:\n  %s\n  or enter the secret key: %s\n", en.OTPAuthURL, en.Secret)
	} else {
		fmt.Fprintf(in.out, "We sent a text message to %s.\n", en.PhoneHint)
	}
	code, err := in.line("Authentication Code: ")
	if err != nil {
		return err
	}
	return f.SubmitConfirm(ctx, code)
}

func askPIN(ctx context.Context, f *wizard.Flow, in *prompter) error {
	fmt.Fprintln(in.out, "Your organization requires a PIN to open x360Sync on this computer (6 to 12 digits).")
	p, err := in.secret("PIN: ")
	if err != nil {
		return err
	}
	if verr := pin.Validate(p); verr != nil { // said at once, not after typing it twice
		fmt.Fprintln(in.out, Message(verr))
		return nil
	}
	c, err := in.secret("PIN again: ")
	if err != nil {
		return err
	}
	return f.SubmitPIN(ctx, p, c)
}

// retryAtStep says whether the person can answer the same step again: the core's meaning of
// the error, less what a terminal cannot retry by itself (an unreachable server ends the
// command with its own exit code; the password is not asked again).
func retryAtStep(err error) bool {
	return wizard.OutcomeOf(err) == wizard.Retry && !errors.Is(err, client.ErrUnreachable) &&
		!errors.Is(err, client.ErrServer) && !errors.Is(err, client.ErrInvalidCredentials) &&
		!errors.Is(err, client.ErrRateLimited) && !errors.Is(err, wizard.ErrMissing)
}

// status only reads (session.Inspect): it may run while the app is open and in the middle of
// a change, which it must not resolve or send on the app's behalf.
func status(ctx context.Context, env Env) error {
	registered, s, err := env.Session.Inspect(ctx)
	if errors.Is(err, config.ErrCorrupt) {
		fmt.Fprintln(env.Out, "The local settings are damaged; open x360Sync to sign in again.")
		return nil
	}
	if !registered {
		if env.Demo {
			fmt.Fprintln(env.Out, "The demo is not registered on this computer. Run `x360sync --demo` to open it and sign in.")
		} else {
			fmt.Fprintln(env.Out, "This computer is not registered. Run `x360sync register` to sign in (or `x360sync --demo status` for the demo).")
		}
		if s.PendingRevokes > 0 {
			fmt.Fprintf(env.Out, "%d earlier sign-out(s) could not reach the server yet; x360Sync tries again at every start.\n", s.PendingRevokes)
		}
		return errNotRegistered
	}
	storage := "the system keyring (" + s.KeyringService + ")"
	switch {
	case errors.Is(err, vault.ErrNotFound):
		storage = "missing from the system keyring (open x360Sync to sign in again)"
	case err != nil:
		storage = "the system keyring, which is unavailable now"
	}
	lock := "no PIN"
	if s.PINSet {
		lock = "locked with a PIN"
	}
	fmt.Fprintf(env.Out, "Registered\n  server:       %s\n  user:         %s\n", s.Server, s.Username)
	if s.Organization != "" { // learnt at registration, or when the account was last read
		fmt.Fprintf(env.Out, "  organization: %s\n", s.Organization)
	}
	fmt.Fprintf(env.Out, "  device:       %s (%s)\n  credentials:  %s, %s\n", s.DeviceName, s.DeviceID, storage, lock)
	if env.ProfileDir != "" && instance.Running(env.ProfileDir) {
		fmt.Fprintln(env.Out, "x360Sync is open on this computer.")
	}
	return nil
}

func signout(ctx context.Context, env Env) error {
	err := env.Session.Start(ctx)
	if env.Session.State() == session.NoCredential {
		fmt.Fprintln(env.Out, "This computer is not registered.")
		return nil
	}
	if err != nil && !errors.Is(err, vault.ErrUnavailable) {
		return err
	}
	// Locked or not, the session revokes the device (with its revoke key when locked) before
	// wiping it; offline, the revocation is owed and sent at the next start.
	if err := env.Session.SignOut(ctx); err != nil {
		fmt.Fprintln(env.Out, "Signed out on this computer. The server could not be told yet; x360Sync tells it at its next start.")
		if errors.Is(err, client.ErrCertificateChanged) {
			return err // its own exit code: the server may not be the one trusted
		}
		return nil
	}
	fmt.Fprintln(env.Out, "Signed out.")
	return nil
}

// IsCommand says whether args name a terminal command (otherwise the GUI starts), and
// whether it is for the demo's profile: "x360sync --demo status" is status on the demo's own
// state, not a second demo window.
func IsCommand(args []string) (command, demo bool) {
	if len(args) > 0 && (args[0] == "--demo" || args[0] == "-demo") {
		args, demo = args[1:], true
	}
	if len(args) == 0 {
		return false, false
	}
	for _, c := range Commands {
		if args[0] == c {
			return true, demo
		}
	}
	return false, false
}

// Main runs a terminal command on the session the app wires (the same keyring, config file
// and request log as the desktop app; the demo's profile when demo), with the standard streams.
func Main(ctx context.Context, args []string, m *session.Manager, startAtSignIn interface{ Enable() error }, demo bool) int {
	host, _ := os.Hostname()
	dir := filepath.Dir(m.Config.Path) // the profile folder: the real one, or the demo's
	return Run(ctx, args, Env{Session: m, In: os.Stdin, Out: os.Stdout, Err: os.Stderr, DefaultDevice: host, ProfileDir: dir, StartAtSignIn: startAtSignIn, Demo: demo})
}
