package ui

import (
	"fmt"
	"net/url"
	"strings"

	"fyne.io/fyne/v2/lang"

	"github.com/x360sync/desktop/app/wizard"
)

// stepName is what a step is called in the plan line.
func stepName(s wizard.Step) string {
	switch s {
	case wizard.StepServer:
		return lang.L("Server")
	case wizard.StepSignIn:
		return lang.L("Sign in")
	case wizard.StepCode:
		return lang.L("Authentication Code")
	case wizard.StepEnroll:
		return lang.L("Authentication Mode")
	case wizard.StepEnrollConfirm:
		return lang.L("Confirm two-step authentication")
	case wizard.StepPINSetup:
		return lang.L("PIN")
	case wizard.StepRecovery:
		return lang.L("Account Recovery")
	}
	return lang.L("Done")
}

// stepText is the step indicator: "Step 3 of 5", or "Step 2" alone while the server has not
// said how many there are (the plan line says what is known to be left); nothing on Account
// Recovery, a side trip rather than a step, nor at Done, which is the finish. Screen readers
// read the same words (mutedText).
func stepText(p wizard.Plan) string {
	switch {
	case p.Number == 0:
		return ""
	case p.Open:
		return fmt.Sprintf(lang.L("Step %d"), p.Number)
	}
	return fmt.Sprintf(lang.L("Step %d of %d"), p.Number, p.Total)
}

// planText says what is left after this step, as the flow's plan knows it: once the server
// has told the organization's policy, what it requires and how many steps that makes. On the
// last step it says nothing: the step indicator says "Step 3 of 3", and "This is the last
// step." stood above the step's own explanation (a first-time user on Set up PIN).
func planText(p wizard.Plan) string {
	if p.Detour { // whether it worked or not, the next move is to sign in
		return lang.L("After Account Recovery you sign in again.")
	}
	left := leftNames(p)
	at := p.Steps[p.Current]
	codeStep := at == wizard.StepCode || at == wizard.StepEnroll || at == wizard.StepEnrollConfirm
	switch {
	case codeStep && !p.Open && len(left) > 0:
		return policyText(p, at, left)
	case len(left) > 0 && p.Open && codeStep:
		return fmt.Sprintf(lang.L("Next: %s. Your organization may also ask for a PIN."), strings.Join(left, lang.L(", ")))
	case len(left) > 0:
		return fmt.Sprintf(lang.L("Next: %s."), strings.Join(left, lang.L(", ")))
	case p.Open && codeStep:
		return lang.L("Your organization may also ask for a PIN after this step.")
	}
	return ""
}

// leftNames names the steps after the current one, Done aside.
func leftNames(p wizard.Plan) []string {
	var left []string
	for _, st := range p.Remaining() {
		if st != wizard.StepDone {
			left = append(left, stepName(st))
		}
	}
	return left
}

// policyText is the plan line once the policy is known: "Globex requires two-step
// authentication and a PIN: this step and 2 more (Confirm two-step authentication, PIN).".
// Nothing about the phone: the step that needs it asks for its code there and then ("Have
// your phone ready." on the code step read as if it were for later, a first-time user).
func policyText(p wizard.Plan, at wizard.Step, left []string) string {
	org := p.Organization
	if org == "" {
		org = lang.L("Your organization")
	}
	var requires string
	switch twoStep := at == wizard.StepEnroll || at == wizard.StepEnrollConfirm; {
	case twoStep && p.RequirePIN:
		requires = fmt.Sprintf(lang.L("%s requires two-step authentication and a PIN"), org)
	case twoStep:
		requires = fmt.Sprintf(lang.L("%s requires two-step authentication"), org)
	default:
		requires = fmt.Sprintf(lang.L("%s requires a PIN"), org)
	}
	more := fmt.Sprintf(lang.L("this step and %d more (%s)"), len(left), strings.Join(left, lang.L(", ")))
	if len(left) == 1 {
		more = fmt.Sprintf(lang.L("this step and 1 more (%s)"), left[0])
	}
	return fmt.Sprintf(lang.L("%s: %s."), requires, more)
}

// footerText is the card's muted footer: the server's host and the app's version.
func footerText(server, version string) string {
	if version == "" {
		version = lang.L("dev")
	}
	v := fmt.Sprintf(lang.L("x360Sync %s"), version)
	if server == "" {
		return v
	}
	return fmt.Sprintf(lang.L("%s · %s"), hostOf(server), v)
}

// hostOf is a server address as people say it: its host (and port), without the scheme.
func hostOf(server string) string {
	if u, err := url.Parse(server); err == nil && u.Host != "" {
		return u.Host
	}
	return server
}
