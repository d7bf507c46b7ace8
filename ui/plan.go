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

// stepText is the step indicator: "Step 2 of 3", or "Step 2" while the server has not said
// everything (the plan line says what is known to be left); nothing at Done, which is the
// finish rather than a step.
func stepText(p wizard.Plan) string {
	total := len(p.Steps) - 1 // Done is not a step to take
	if p.Current >= total {
		return ""
	}
	if p.Open {
		return fmt.Sprintf(lang.L("Step %d"), p.Current+1)
	}
	return fmt.Sprintf(lang.L("Step %d of %d"), p.Current+1, total)
}

// planText says what is left after this step, as the flow's plan knows it.
func planText(p wizard.Plan) string {
	var left []string
	for _, s := range p.Remaining() {
		if s != wizard.StepDone {
			left = append(left, stepName(s))
		}
	}
	at := p.Steps[p.Current]
	after := at == wizard.StepCode || at == wizard.StepEnroll || at == wizard.StepEnrollConfirm
	switch {
	case len(left) > 0 && p.Open && after:
		return fmt.Sprintf(lang.L("Still to do: %s. Your organization may also ask for a PIN."), strings.Join(left, lang.L(", ")))
	case len(left) > 0:
		return fmt.Sprintf(lang.L("Still to do: %s."), strings.Join(left, lang.L(", ")))
	case !p.Open && at != wizard.StepDone:
		return lang.L("This is the last step.")
	case p.Open && after:
		return lang.L("Your organization may also ask for a PIN after this step.")
	}
	return ""
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
