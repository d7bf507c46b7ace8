package wizard

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/x360sync/desktop/client"
	"github.com/x360sync/desktop/client/mockserver"
	"github.com/x360sync/desktop/client/tlstest"
)

// trustFlow is a Flow on plain client.New (the system's trust store) that records what it
// was asked to trust; its store records what was registered.
func trustFlow(trusted *[]string, store *memStore) *Flow {
	return &Flow{
		Connect: func(s string) (API, error) { return client.New(s, client.WithRetryWait(time.Millisecond)) },
		Trust: func(_ context.Context, server, fp string) error {
			*trusted = append(*trusted, server+" "+fp)
			return nil
		},
		Store: store,
	}
}

func TestFlow_TrustCertificate_selfSignedServer(t *testing.T) {
	m := tlstest.Start(t, mockserver.Options{Addr: "127.0.0.1:0"})
	var trusted []string
	store := &memStore{}
	f := trustFlow(&trusted, store)
	ctx := context.Background()
	err := f.SubmitServer(ctx, m.Base+"/")
	if !errors.Is(err, client.ErrUntrustedCertificate) || f.Step() != StepServer {
		t.Fatalf("got %v at %v, want ErrUntrustedCertificate at Server", err, f.Step())
	}
	if f.Certificate == nil || f.Certificate.Cert.Fingerprint != m.Fingerprint {
		t.Fatalf("shown certificate %+v, want the server's %s", f.Certificate, m.Fingerprint)
	}
	if err := f.TrustCertificate(ctx); err != nil || f.Step() != StepSignIn {
		t.Fatalf("trust: %v at %v", err, f.Step())
	}
	if want := m.Base + " " + m.Fingerprint; len(trusted) != 1 || trusted[0] != want || f.Pin != m.Fingerprint || f.Certificate != nil {
		t.Errorf("trusted %q pin %q, want %q", trusted, f.Pin, want)
	}
	if err := f.SubmitSignIn(ctx, "alice", password, "laptop"); err != nil || f.Step() != StepDone {
		t.Fatalf("sign-in through the pin: %v at %v", err, f.Step())
	}
	if len(store.done) != 1 || store.done[0].server != m.Base || store.done[0].user != "alice" {
		t.Errorf("registered %+v", store.done)
	}
}

func TestFlow_TrustCertificate_onlyWhenOffered(t *testing.T) {
	var trusted []string
	store := &memStore{}
	ctx := context.Background()
	t.Run("expired", func(t *testing.T) {
		ts := tlstest.Serve(t, tlstest.Certificate(t, time.Now().Add(-48*time.Hour), time.Now().Add(-time.Hour)), mockserver.New())
		f := trustFlow(&trusted, store)
		if err := f.SubmitServer(ctx, ts.URL); !errors.Is(err, client.ErrCertificateInvalid) || f.Certificate != nil {
			t.Fatalf("got %v, certificate offered %v", err, f.Certificate)
		}
		if err := f.TrustCertificate(ctx); !errors.Is(err, ErrWrongStep) {
			t.Errorf("trusting an expired certificate: got %v, want ErrWrongStep", err)
		}
	})
	t.Run("no Trust hook", func(t *testing.T) {
		m := tlstest.Start(t, mockserver.Options{Addr: "127.0.0.1:0"})
		f := trustFlow(&trusted, store)
		f.Trust = nil
		_ = f.SubmitServer(ctx, m.Base)
		if err := f.TrustCertificate(ctx); !errors.Is(err, ErrCannotTrust) || f.Step() != StepServer {
			t.Errorf("got %v at %v, want ErrCannotTrust at Server", err, f.Step())
		}
	})
	t.Run("changed before it was trusted", func(t *testing.T) {
		m := tlstest.Start(t, mockserver.Options{Addr: "127.0.0.1:0"})
		f := trustFlow(&trusted, store)
		_ = f.SubmitServer(ctx, m.Base)
		m.Stop()
		again := tlstest.Start(t, mockserver.Options{Addr: m.Addr()})
		err := f.TrustCertificate(ctx)
		var ce *client.CertChangedError
		if !errors.As(err, &ce) || ce.Pinned != m.Fingerprint || ce.Cert.Fingerprint != again.Fingerprint || f.Step() != StepServer {
			t.Errorf("got %v at %v, want the change from %s to %s", err, f.Step(), m.Fingerprint, again.Fingerprint)
		}
		if again.Served() != 0 {
			t.Errorf("%d requests reached the changed server", again.Served())
		}
	})
	if len(trusted) != 0 || len(store.done) != 0 {
		t.Errorf("trusted %q, registered %+v", trusted, store.done)
	}
}

// A server with a pin kept (a sign-out whose revocation is owed) that now presents another
// certificate, one this computer's authorities trust (a TLS-inspecting proxy, say; here the
// test server's own client stands for the system's trust store): the wizard asks about the
// change before anything is sent, as for a self-signed one. The security review found the
// password would have gone to it without a question. The same certificate as the pin goes on.
func TestFlow_keptPinHoldsEvenWhenTheAuthoritiesTrust(t *testing.T) {
	ctx := context.Background()
	ts := tlstest.Serve(t, tlstest.Certificate(t, time.Now().Add(-time.Hour), time.Now().Add(24*time.Hour)), mockserver.New())
	kept := strings.Repeat("AB:", 31) + "AB"
	var trusted []string
	f := trustFlow(&trusted, &memStore{})
	f.Connect = func(s string) (API, error) { return client.New(s, client.WithTransport(ts.Client().Transport)) }
	f.ConnectPinned = func(s, fp string) (API, error) { return client.New(s, client.WithPinnedCertificate(fp)) }
	f.PinFor = func(string) string { return kept }
	err := f.SubmitServer(ctx, ts.URL)
	var changed *client.CertChangedError
	if !errors.As(err, &changed) || f.Step() != StepServer || f.Replaces != kept || f.Certificate == nil {
		t.Fatalf("another certificate than the kept pin: %v, at %v, replaces %q", err, f.Step(), f.Replaces)
	}
	if err := f.TrustCertificate(ctx); err != nil || f.Step() != StepSignIn || len(trusted) != 1 || !strings.HasSuffix(trusted[0], changed.Cert.Fingerprint) {
		t.Fatalf("trusting the new one: %v, at %v, trusted %v", err, f.Step(), trusted)
	}

	same := trustFlow(&trusted, &memStore{})
	same.ConnectPinned = f.ConnectPinned
	same.PinFor = func(string) string { return changed.Cert.Fingerprint }
	if err := same.SubmitServer(ctx, ts.URL); err != nil || same.Step() != StepSignIn || same.Pin != changed.Cert.Fingerprint {
		t.Errorf("the pinned certificate itself: %v, at %v, pin %q", err, same.Step(), same.Pin)
	}
}
