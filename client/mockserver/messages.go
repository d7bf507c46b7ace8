package mockserver

import (
	"fmt"
	"math"
	"net/http"
	"time"

	"github.com/x360sync/desktop/client/api"
)

// send puts a text or email in the outbox and queues it for OnMessage; callers hold s.mu. The
// outbox keeps a day of messages, and at most limits.outbox of them.
func (s *Server) send(m Message) {
	s.st.Outbox = append(s.st.Outbox, m)
	drop := 0
	for drop < len(s.st.Outbox) && (len(s.st.Outbox)-drop > s.limits.outbox || m.At.Sub(s.st.Outbox[drop].At) > outboxKeep) {
		drop++
	}
	if drop > 0 {
		s.st.Outbox = append([]Message(nil), s.st.Outbox[drop:]...)
	}
	s.pending = append(s.pending, m)
}

// flush hands queued messages to OnMessage outside the lock, so a slow printer never stalls
// the API.
func (s *Server) flush() {
	s.mu.Lock()
	msgs := s.pending
	s.pending = nil
	s.mu.Unlock()
	if s.OnMessage != nil {
		for _, m := range msgs {
			s.OnMessage(m)
		}
	}
}

// notice emails the account owner about a security event; callers hold s.mu.
func (s *Server) notice(u *User, text string) {
	s.send(Message{Channel: "email", To: u.Email, Text: text, At: s.now()})
}

// smsWait is how long until another text may go to phone and to the account of username: at
// most smsPerHour texts to one number, and smsPerHour to one account, in any hour, whatever mix
// of sign-ins, resends and enrolments they are for. 0 means now. Callers hold s.mu.
func (s *Server) smsWait(username, phone string, now time.Time) time.Duration {
	var wait time.Duration
	for _, k := range []string{"n\x00" + phone, "a\x00" + username} {
		sent, _ := s.smsSent.get(k, now)
		recent := 0
		for _, t := range sent {
			if now.Sub(t) < time.Hour {
				recent++
			}
		}
		if recent >= smsPerHour {
			wait = max(wait, sent[len(sent)-smsPerHour].Add(time.Hour).Sub(now))
		}
	}
	return wait
}

// countSMS records a text to phone for username; callers hold s.mu.
func (s *Server) countSMS(username, phone string, now time.Time) {
	for _, k := range []string{"n\x00" + phone, "a\x00" + username} {
		sent, _ := s.smsSent.get(k, now)
		var keep []time.Time
		for _, t := range sent {
			if now.Sub(t) < time.Hour {
				keep = append(keep, t)
			}
		}
		s.smsSent.put(k, append(keep, now), now.Add(time.Hour), now, s.limits.sms)
	}
}

func smsLimited(wait time.Duration) *httpError {
	secs := int((wait + time.Second - 1) / time.Second)
	e := errorf(http.StatusTooManyRequests, api.CodeSMSLimit,
		fmt.Sprintf("No more text messages can be sent to this phone for now. The next one can be sent in %d minutes.", (secs+59)/60))
	e.retryAfter = max(secs, 1)
	return e
}

// smsReuseLeft is how much life a texted code must have left to be texted again on a resend
// instead of a new one: enough to read and type it.
const smsReuseLeft = 2 * time.Minute

// sendSMS texts a code for its owner (a challenge or enrolment id). A resend texts the same
// code again while it has smsReuseLeft to live, so a text that arrives late still works;
// otherwise a new code replaces the old one (only the newest is valid). Callers hold s.mu.
func (s *Server) sendSMS(slot **SMSCode, owner string, u *User, phone string, now time.Time) *httpError {
	if wait := s.smsWait(u.Username, phone, now); wait > 0 {
		return smsLimited(wait)
	}
	last := *slot
	code := newSMSCode()
	if last != nil && last.code != "" && last.To == phone && last.ExpiresAt.Sub(now) >= smsReuseLeft {
		code = last.code
		last.SentAt = now
	} else {
		*slot = &SMSCode{Digest: digest(owner, code), SentAt: now, ExpiresAt: now.Add(smsCodeTTL), To: phone, code: code}
	}
	s.countSMS(u.Username, phone, now)
	s.send(Message{
		Channel: "sms", To: phone, Code: code, At: now,
		Text: fmt.Sprintf("Your x360Sync authentication code is %s. It expires in %d minutes. Never share it.", code, int(math.Ceil((*slot).ExpiresAt.Sub(now).Minutes()))),
	})
	return nil
}

func (s *Server) handleResend(w http.ResponseWriter, r *http.Request) error {
	var req api.ResendRequest
	if err := decode(r, &req); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	slot, owner, u, phone, e := s.smsTarget(req.Challenge, now)
	if e != nil {
		return e
	}
	// At most one text every 30 s for one sign-in or enrolment.
	if wait := (*slot).SentAt.Add(smsResendGap).Sub(now); wait > 0 {
		return rateLimited(int((wait + time.Second - 1) / time.Second))
	}
	if e := s.sendSMS(slot, owner, u, phone, now); e != nil {
		return e
	}
	if s.save() != nil {
		return errStore
	}
	writeJSON(w, http.StatusOK, api.ResendResponse{ResendAfter: int(smsResendGap / time.Second)})
	return nil
}

// smsTarget finds what a resend is for: the SMS enrolment started from a challenge, the
// challenge itself, or an enrolment by its own id (account settings).
func (s *Server) smsTarget(id string, now time.Time) (**SMSCode, string, *User, string, *httpError) {
	for _, e := range s.st.Enrollments {
		if (e.ID == id || e.Challenge == id) && e.Mode == api.ModeSMS && now.Before(e.ExpiresAt) && e.Failures < maxFailures {
			if u := s.st.Users[e.Username]; u != nil {
				return &e.SMS, e.ID, u, e.Phone, nil
			}
		}
	}
	c, u, he := s.liveChallenge(id, now)
	if he != nil {
		return nil, "", nil, "", he
	}
	if u.TwoFactor.Mode != api.ModeSMS || c.SMS == nil {
		return nil, "", nil, "", errorf(http.StatusBadRequest, api.CodeBadRequest, "This sign-in does not use text messages.")
	}
	return &c.SMS, c.ID, u, u.TwoFactor.Phone, nil
}
