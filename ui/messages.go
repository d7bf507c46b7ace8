package ui

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	"fyne.io/fyne/v2/lang"

	"github.com/x360sync/desktop/app/config"
	"github.com/x360sync/desktop/app/phone"
	"github.com/x360sync/desktop/app/pin"
	"github.com/x360sync/desktop/app/session"
	"github.com/x360sync/desktop/app/vault"
	"github.com/x360sync/desktop/app/wizard"
	"github.com/x360sync/desktop/client"
)

// untilNextCode is how many seconds an authenticator app shows its current code for (RFC 6238:
// 30-second steps from the Unix epoch).
func untilNextCode(now time.Time) int { return 30 - int(now.Unix()%30) }

// noticeText words what the session resolved at start (an interrupted change, a damaged
// credential) for the next screen's message line; "" when there is nothing to say.
func noticeText(n session.Notice) string {
	switch n {
	case session.NoticeSettingsReset:
		return lang.L("Your local settings were damaged and have been reset. Sign in again.")
	case session.NoticeRegistrationUndone:
		return lang.L("x360Sync was closed before this computer finished registering. That unfinished registration was removed from the server; sign in again.")
	case session.NoticePINSet:
		return lang.L("x360Sync was closed while setting your PIN; the PIN was set. Enter it to unlock.")
	case session.NoticePINNotSet:
		return lang.L("x360Sync was closed while setting your PIN; no PIN was set. You can set one in Security.")
	case session.NoticePINRemoved:
		return lang.L("x360Sync was closed while removing your PIN; the PIN was removed.")
	case session.NoticePINNotRemoved:
		return lang.L("x360Sync was closed while removing your PIN; the PIN is still set.")
	case session.NoticePINChangeUnsure:
		return lang.L("x360Sync was closed while changing your PIN. If your new PIN is refused, use your previous PIN.")
	case session.NoticeSignOutFinished:
		return lang.L("x360Sync was closed while signing out; signing out has been finished.")
	case session.NoticeDamaged:
		return lang.L("The sign-in stored on this computer was damaged, so this device was signed out to be safe. Sign in again.")
	case session.NoticeWiped:
		return lang.L("Too many wrong PINs: this device was signed out and its credentials were removed. Sign in again.")
	case session.NoticeCredentialMissing:
		return lang.L("The sign-in stored on this computer is missing from the keyring, so this device was signed out. Sign in again.")
	case session.NoticeSharedSignIn:
		return lang.L("The keyring held the sign-in of another x360Sync profile on this computer instead of this one's, so this device was signed out. Sign in again.")
	}
	return ""
}

// message words an error for the screen: what happened and what to do. Raw error text never
// reaches the screen; an error nobody foresaw gets a general sentence. It is one flat case per
// error, so its cyclomatic count is the number of errors worded; splitting it would only scatter
// the words the catalogue and the reviewers read in one place.
//
//gocyclo:ignore
func message(err error) string {
	var ae *client.APIError
	wait := 0
	if errors.As(err, &ae) {
		wait = ae.RetryAfter
	}
	var ue *vault.UnavailableError
	switch {
	case err == nil:
		return ""
	case errors.Is(err, context.Canceled):
		return lang.L("Cancelled.")
	case errors.Is(err, wizard.ErrCannotTrust):
		return lang.L("This window cannot keep a trusted certificate, so nothing was trusted. Register from the terminal with x360sync register, which can.")
	case errors.Is(err, wizard.ErrMissing):
		return lang.L("Fill in every field, then try again.")
	case errors.Is(err, client.ErrInsecureURL):
		return lang.L("Enter the server address starting with https:// (for example https://sync.example.com).")
	case errors.Is(err, client.ErrTLS), errors.Is(err, client.ErrNotX360Sync), errors.Is(err, client.ErrUnsupportedAPI),
		errors.Is(err, client.ErrNameNotFound), errors.Is(err, client.ErrRefused), errors.Is(err, client.ErrTimeout),
		errors.Is(err, client.ErrProxy), errors.Is(err, client.ErrProxyAuth):
		return connMessage(err)
	case errors.Is(err, client.ErrUnreachable), errors.Is(err, client.ErrServer):
		return lang.L("Can't reach the server. Check your connection and the server address, then press Retry.")
	case errors.Is(err, client.ErrInvalidCredentials):
		return lang.L("The username or password is incorrect. Check them and try again.")
	case errors.Is(err, client.ErrInvalidCode):
		return lang.L("That authentication code is incorrect. Check it and try again.")
	case errors.Is(err, client.ErrCodeExpired):
		return lang.L("That code has expired. Press Resend for a new text message.")
	case errors.Is(err, client.ErrCodeUsed):
		return fmt.Sprintf(lang.L("That code was already used. Wait for the next code from your authenticator app, about %d s."), untilNextCode(time.Now()))
	case errors.Is(err, client.ErrClockSkew):
		return lang.L("The code is from another time: the clock on your phone is off. Set its time automatically, then enter a new code.")
	case errors.Is(err, client.ErrSMSLimit):
		if wait > 0 {
			return fmt.Sprintf(lang.L("No more text messages can be sent to your phone for now. The next one can be sent in %d minutes."), (wait+59)/60)
		}
		return lang.L("No more text messages can be sent to your phone for now. Try again later.")
	case errors.Is(err, client.ErrRateLimited):
		if wait > 0 {
			return fmt.Sprintf(lang.L("Too many attempts. Try again in %d seconds."), wait)
		}
		return lang.L("Too many attempts. Wait a moment and try again.")
	case errors.Is(err, client.ErrChallengeExpired):
		return lang.L("This sign-in has expired. Sign in again with your username and password.")
	case errors.Is(err, phone.ErrInvalid):
		return lang.L("That is not a valid mobile phone number for the country chosen. Check the country and the number.")
	case errors.Is(err, client.ErrInvalidPhone):
		return lang.L("Enter a mobile phone number with its country code, for example +1 202 555 0143.")
	case errors.Is(err, client.ErrPasswordMismatch):
		return lang.L("The Current Password and Confirm Password fields do not match. Type your password in both.")
	case errors.Is(err, client.ErrPolicyRequires2FA):
		return lang.L("Your organization requires two-step authentication, so it cannot be disabled.")
	case errors.Is(err, client.ErrTwoFactorEnabled):
		return lang.L("Two-step authentication is already on. To change it, disable it first (that needs your password and a current code), then set it up again.")
	case errors.Is(err, client.ErrRecoveryLocked): // before ErrAccountLocked, which it also is
		return lang.L("Account Recovery is locked for this email address after too many wrong Backup keys. Contact your administrator to unlock your account.")
	case errors.Is(err, client.ErrAccountLocked):
		return lang.L("This account is locked after too many wrong passwords. Use Account Recovery with your Backup key, or ask your administrator to unlock it.")
	case errors.Is(err, client.ErrUnsupportedMediaType):
		return lang.L("The server refused the request's format. Update x360Sync, or check that the server address is right.")
	case errors.Is(err, client.ErrMisdirected):
		return lang.L("The server refused the address it was reached by. Use 127.0.0.1 or localhost in the server address, then try again.")
	case errors.Is(err, client.ErrSMSNotAllowed):
		return lang.L("Your organization does not allow text messages. Choose Authenticator mobile app.")
	case errors.Is(err, pin.ErrLength), errors.Is(err, pin.ErrDigits):
		return lang.L("The PIN must be 6 to 12 digits.")
	case errors.Is(err, pin.ErrRepeated), errors.Is(err, pin.ErrSequence):
		return lang.L("That PIN is too easy to guess. Avoid repeated digits and runs such as 123456.")
	case errors.Is(err, pin.ErrMismatch):
		return lang.L("The two PINs differ. Type the same PIN in both fields.")
	case errors.As(err, &ue):
		switch ue.Remedy {
		case vault.RemedyUnlock:
			return lang.L("Your keyring is locked. Unlock it, then try again.")
		case vault.RemedyInstall:
			return lang.L("No secure storage was found. Install and start GNOME Keyring (or enable the Secret Service in KeePassXC or KWallet), then try again.")
		}
		return lang.L("Secure storage did not answer. Try again.")
	case errors.Is(err, session.ErrWiped):
		return lang.L("Too many wrong PINs: this device was signed out and its credentials were removed. Sign in again.")
	case errors.Is(err, session.ErrCurrentPINNeeded):
		return lang.L("Enter your current PIN.")
	case errors.Is(err, session.ErrSignedOutByServer): // before ErrSignedOut, which it also is
		return lang.L("This computer was removed from your account from another device or by your administrator, or its sign-in expired. Sign in again to use it here; if you did not expect this, change your password.")
	case errors.Is(err, session.ErrSignedOut):
		return lang.L("This device was signed out. Sign in again.")
	case errors.Is(err, session.ErrDamaged):
		return lang.L("The sign-in stored on this computer was damaged, so this device was signed out to be safe. Sign in again.")
	case errors.Is(err, session.ErrPolicyChanged):
		return lang.L("Your organization now requires two-step authentication. Sign in again to set it up.")
	case errors.Is(err, session.ErrNotSaved):
		return lang.L("Couldn't save your sign-in to the keyring. This device stays registered; fix secure storage, then press Retry.")
	case errors.Is(err, config.ErrNewer):
		return lang.L("Your settings were saved by a newer version of x360Sync. Install that version again to use this registration.")
	case errors.Is(err, config.ErrBusy):
		return lang.L("Another copy of x360Sync is using its settings. Close it, then try again.")
	}
	return lang.L("Something went wrong. Try again; if it keeps happening, restart x360Sync.")
}

// connMessage words a failure to reach a server by the stage that failed, with its fix. The
// same classification serves the terminal front end (app/cli) in its own words.
func connMessage(err error) string {
	var ie *client.InvalidCertError
	var ce *client.CertChangedError
	switch {
	case errors.As(err, &ce):
		return fmt.Sprintf(lang.L("The server's certificate has changed, so nothing was sent to it. Trusted: %s. Now: %s. If your administrator replaced the certificate, check the new fingerprint with them."),
			fingerprintGroups(ce.Pinned, " "), fingerprintGroups(ce.Cert.Fingerprint, " "))
	case errors.As(err, &ie):
		return invalidCertMessage(ie)
	case errors.Is(err, client.ErrUntrustedCertificate):
		return lang.L("This computer does not trust the server's certificate. Compare its fingerprint with the one your administrator gave you, then choose Trust this certificate or Cancel.")
	case errors.Is(err, client.ErrNameNotFound):
		return lang.L("Can't reach the server: its name could not be found. Check the address for typos.")
	case errors.Is(err, client.ErrRefused):
		return lang.L("Can't reach the server: nothing answers at that address and port. Check the address, or ask your administrator whether the server is running, then press Retry.")
	case errors.Is(err, client.ErrTimeout):
		return lang.L("Can't reach the server: it did not answer in time. Check your connection and proxy, then press Retry.")
	case errors.Is(err, client.ErrProxyAuth):
		return lang.L("Can't reach the server: your proxy asks for a sign-in, which x360Sync cannot give. Ask your administrator to let x360Sync through the proxy.")
	case errors.Is(err, client.ErrProxy):
		return lang.L("Can't reach the server: the proxy could not be reached. Check the proxy settings of this computer.")
	case errors.Is(err, client.ErrNotX360Sync):
		if d, ok := client.DetailsOf(err); ok && d.HTTPStatus != 0 {
			return fmt.Sprintf(lang.L("The server answered HTTP %d %s: it is not an x360Sync server, or not at that address. Check the address with your administrator."),
				d.HTTPStatus, http.StatusText(d.HTTPStatus))
		}
		return lang.L("Something answered at that address, but it is not an x360Sync server. Check the address with your administrator.")
	case errors.Is(err, client.ErrUnsupportedAPI):
		return lang.L("That x360Sync server uses a version this app does not support. Update x360Sync, or ask your administrator.")
	}
	return lang.L("Can't reach the server securely: no HTTPS at that address, or an outdated protocol. Check the address, or ask your administrator.")
}

func invalidCertMessage(e *client.InvalidCertError) string {
	switch {
	case e.Expired:
		return fmt.Sprintf(lang.L("The server's certificate expired on %s, so the connection is not safe. Ask your administrator to renew it."), e.Cert.NotAfter.Local().Format("2 Jan 2006"))
	case e.NotYetValid:
		return fmt.Sprintf(lang.L("The server's certificate is valid only from %s. Check this computer's date and time, or ask your administrator."), e.Cert.NotBefore.Local().Format("2 Jan 2006"))
	}
	return lang.L("The server's certificate cannot be used for a secure connection. Ask your administrator.")
}
