package mockserver

import (
	"net/http"
	"testing"
	"time"
)

// A sign-in again from the same device must not take up its live challenge when the
// account's phone changed since the challenge's code was texted (two-step authentication
// turned off and on again with another phone, from another signed-in device: neither
// handleDisable nor handleConfirm drops live challenges). The new phone gets no text, the
// answer says code_already_sent with the NEW phone's hint, and the code texted to the OLD
// phone (lost, stolen, or someone else's number now) completes the new sign-in.
func TestLogin_signingInAgainAfterAPhoneChangeTextsTheNewPhone(t *testing.T) {
	const newPhone = "+12025550188"
	e := newEnv(t)
	first := e.loginAs(carolOn(thisDevice))
	oldCode := e.lastSMS(carolPhone)
	// What Disable, then Enable (sms, newPhone) and Confirm from the account window leave.
	e.srv.mu.Lock()
	e.srv.st.Users["carol"].TwoFactor.Phone = newPhone
	e.srv.mu.Unlock()
	e.clock.Advance(20 * time.Second)
	again := e.loginAs(carolOn(thisDevice))
	if again.CodeAlreadySent || again.Challenge == first.Challenge || e.texts(newPhone) != 1 {
		t.Errorf("sign-in after the phone change: challenge reused %v, code_already_sent %v, hint %q, %d texts to the new phone; want a new challenge texted to the new phone",
			again.Challenge == first.Challenge, again.CodeAlreadySent, again.PhoneHint, e.texts(newPhone))
	}
	if st, _ := e.verify(again.Challenge, oldCode); st == http.StatusOK {
		t.Errorf("the code texted to the old phone %s completed the sign-in made after the phone changed to %s", carolPhone, newPhone)
	}
}
