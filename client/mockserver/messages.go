package mockserver

import (
	"fmt"
	"net/http"
	"time"

	"github.com/x360sync/desktop/client/api"
)

// send puts a text or email in the outbox and queues it for OnMessage; callers hold s.mu.
func (s *Server) send(m Message) {
	s.st.Outbox = append(s.st.Outbox, m)
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

// sendSMS makes a new code for its owner (a challenge or enrolment id), replacing any earlier
// one: only the newest code is valid. Callers hold s.mu.
func (s *Server) sendSMS(slot **SMSCode, sends *[]time.Time, owner, phone string, now time.Time) {
	code := newSMSCode()
	*slot = &SMSCode{Digest: digest(owner, code), SentAt: now, ExpiresAt: now.Add(smsCodeTTL)}
	*sends = append(*sends, now)
	s.send(Message{
		Channel: "sms", To: phone, Code: code, At: now,
		Text: fmt.Sprintf("Your x360Sync authentication code is %s. It expires in 10 minutes. Never share it.", code),
	})
}

func (s *Server) handleResend(w http.ResponseWriter, r *http.Request) {
	var req api.ResendRequest
	if err := decode(r, &req); err != nil {
		writeErr(w, err)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	slot, sends, owner, phone, e := s.smsTarget(req.Challenge, now)
	if e != nil {
		writeErr(w, e)
		return
	}
	if e := resendAllowed(*slot, *sends, now); e != nil {
		writeErr(w, e)
		return
	}
	s.sendSMS(slot, sends, owner, phone, now)
	if s.save() != nil {
		writeErr(w, errStore)
		return
	}
	writeJSON(w, http.StatusOK, api.ResendResponse{ResendAfter: int(smsResendGap / time.Second)})
}

// smsTarget finds what a resend is for: the SMS enrolment started from a challenge, the
// challenge itself, or an enrolment by its own id (account settings).
func (s *Server) smsTarget(id string, now time.Time) (**SMSCode, *[]time.Time, string, string, *httpError) {
	for _, e := range s.st.Enrollments {
		if (e.ID == id || e.Challenge == id) && e.Mode == api.ModeSMS && now.Before(e.ExpiresAt) && e.Failures < maxFailures {
			return &e.SMS, &e.Sends, e.ID, e.Phone, nil
		}
	}
	c, u, he := s.liveChallenge(id, now)
	if he != nil {
		return nil, nil, "", "", he
	}
	if u.TwoFactor.Mode != api.ModeSMS || c.SMS == nil {
		return nil, nil, "", "", errorf(http.StatusBadRequest, api.CodeBadRequest, "This sign-in does not use text messages.")
	}
	return &c.SMS, &c.Sends, c.ID, u.TwoFactor.Phone, nil
}

// resendAllowed enforces at most one text every 30 s and five resends an hour. The first send
// is in sends too, so an hour allows six texts in all.
func resendAllowed(last *SMSCode, sends []time.Time, now time.Time) *httpError {
	if last != nil {
		if wait := last.SentAt.Add(smsResendGap).Sub(now); wait > 0 {
			return rateLimited(int((wait + time.Second - 1) / time.Second))
		}
	}
	var recent []time.Time
	for _, t := range sends {
		if now.Sub(t) < time.Hour {
			recent = append(recent, t)
		}
	}
	if len(recent) > smsPerHour {
		return rateLimited(int(recent[0].Add(time.Hour).Sub(now)/time.Second) + 1)
	}
	return nil
}
