package pin

import (
	"bytes"
	"errors"
	"testing"
)

var validateCases = []struct {
	pin  string
	want error
}{
	{"204913", nil},
	{"739205118466", nil},
	{"12345", ErrLength},
	{"1234567890123", ErrLength},
	{"", ErrLength},
	{"12a456", ErrDigits},
	{"١٢٣٤٥٦", ErrDigits},
	{"111111", ErrRepeated},
	{"000000000", ErrRepeated},
	{"123456", ErrSequence},
	{"654321", ErrSequence},
	{"789012", ErrSequence},
	{"3456789012", ErrSequence},
	{"112233", nil},
}

func TestValidate(t *testing.T) {
	for _, tc := range validateCases {
		if got := Validate(tc.pin); !errors.Is(got, tc.want) {
			t.Errorf("Validate(%q): got %v, want %v", tc.pin, got, tc.want)
		}
	}
}

func FuzzValidate(f *testing.F) {
	for _, tc := range validateCases {
		f.Add(tc.pin)
	}
	f.Fuzz(func(t *testing.T, p string) {
		if Validate(p) == nil && (len(p) < MinLength || len(p) > MaxLength) {
			t.Fatalf("accepted %q", p)
		}
	})
}

// cheap keeps the tests fast while staying inside the bounds Open enforces.
var cheap = Params{MemoryKiB: 19 * 1024, Time: 1, Threads: 1}

func TestSealOpen(t *testing.T) {
	payload := []byte(`{"refresh_token":"x3r_secret"}`)
	blob, err := Seal("204913", payload, cheap)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(blob, []byte("x3r_secret")) || !IsSealed(blob) {
		t.Fatal("the sealed blob shows the payload, or is not marked sealed")
	}
	if got, err := Open("204913", blob); err != nil || !bytes.Equal(got, payload) {
		t.Fatalf("right PIN: %q %v", got, err)
	}
	if _, err := Open("204914", blob); !errors.Is(err, ErrWrongPIN) {
		t.Errorf("wrong PIN: got %v", err)
	}
	if _, err := Open("", blob); !errors.Is(err, ErrNeedsPIN) {
		t.Errorf("no PIN: got %v", err)
	}
	blob[5] ^= 1 // the parameters are authenticated
	if _, err := Open("204913", blob); err == nil {
		t.Error("a blob with altered parameters opened")
	}
	again, _ := Seal("204913", payload, cheap)
	if bytes.Equal(again[:headerLen], blob[:headerLen]) {
		t.Error("two seals share salt and nonce")
	}
}

func TestWrapOpen(t *testing.T) {
	if got, err := Open("", Wrap([]byte("v"))); err != nil || string(got) != "v" || IsSealed(Wrap([]byte("v"))) {
		t.Errorf("got %q %v", got, err)
	}
	for _, b := range [][]byte{nil, {1}, {2, 0, 'x'}, {1, 0}, {1, 7, 'x'}, {1, 1, 0, 0}} {
		if got, err := Open("204913", b); err == nil {
			t.Errorf("Open(%v) gave %q", b, got)
		}
	}
}

func TestSeal_credentialStaysUnderKeyringLimits(t *testing.T) {
	// The largest credential the app stores: tokens of 4+43 characters and ids, in JSON.
	payload := bytes.Repeat([]byte("x"), 600)
	blob, err := Seal("204913", payload, cheap)
	if err != nil {
		t.Fatal(err)
	}
	if len(blob) > 1024 {
		t.Errorf("a 600-byte credential seals to %d bytes, want under 1 KiB", len(blob))
	}
}

func TestOpen_refusesCostlyParameters(t *testing.T) {
	blob, _ := Seal("204913", []byte("v"), cheap)
	blob[2], blob[3] = 0xff, 0xff // memory in the terabytes
	if _, err := Open("204913", blob); !errors.Is(err, ErrBadParams) {
		t.Errorf("got %v, want ErrBadParams", err)
	}
}

func FuzzOpen(f *testing.F) {
	good, _ := Seal("204913", []byte("payload"), cheap)
	f.Add(good)
	f.Add(good[:len(good)-1])
	f.Add(Wrap([]byte("x")))
	f.Add([]byte{})
	f.Add([]byte{2, 1})
	f.Fuzz(func(t *testing.T, blob []byte) {
		// Every byte of a sealed blob is authenticated, so the only sealed blobs that open are
		// ones Seal made: their payload is "payload". (good differs per fuzz worker: fresh salt.)
		out, err := Open("204913", blob)
		if err == nil && IsSealed(blob) && string(out) != "payload" {
			t.Fatalf("a forged sealed blob opened: %q", out)
		}
	})
}

func BenchmarkDerive(b *testing.B) {
	salt := make([]byte, saltLen)
	for b.Loop() {
		derive("204913", salt, Default)
	}
}
