package ui

import (
	"strings"
	"testing"
)

// Unlock names the locked account: user, organization and server, in a sentence (the first
// user test found "alice · Acme · host is locked." odd to read). A registration whose
// organization was never named (a sign-in without a challenge, before the account was read;
// a state file from before it was kept) leaves it out instead of showing a gap.
func TestUnlock_namesUserOrganizationAndServer(t *testing.T) {
	store, cfg, first := registeredWithPIN(t)
	host := strings.TrimPrefix(first.ts.URL, "http://")
	before := newMainRig(t, store, cfg) // a restart before the account was ever read
	if want := "Signed in as alice on " + host + ". Enter your PIN to unlock."; !strings.Contains(before.texts(), want) {
		t.Fatalf("no organization known: want %q in:\n%s", want, before.texts())
	}
	first.m.showSignedIn()
	first.wait()
	if want := "Acme · " + host + " · this device: laptop"; !strings.Contains(first.texts(), want) {
		t.Errorf("the account window's header: want %q in:\n%s", want, first.texts())
	}
	after := newMainRig(t, store, cfg)
	if want := "Signed in as alice (Acme) on " + host + ". Enter your PIN to unlock."; !strings.Contains(after.texts(), want) {
		t.Errorf("after the account named its organization: want %q in:\n%s", want, after.texts())
	}
}
