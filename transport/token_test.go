package transport_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/healthlite/healthlite/transport"
)

func loadToken(t testing.TB, contents string) *transport.Token {
	t.Helper()
	f := filepath.Join(t.TempDir(), "token")
	if err := os.WriteFile(f, []byte(contents), 0o600); err != nil {
		t.Fatal(err)
	}
	tok, err := transport.LoadToken(f, nil)
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

func TestTokenMatches(t *testing.T) {
	tok := loadToken(t, "  abc123-secret\n")
	for _, c := range []struct {
		auth string
		want bool
	}{
		{"Bearer abc123-secret", true},
		{"bearer abc123-secret", true},
		{"BEARER abc123-secret", true},
		{"Bearer abc123-secreT", false}, // right length, one byte off
		{"Bearer xbc123-secret", false},
		{"Bearer abc123-secre", false},
		{"Bearer abc123-secretabc123-secret", false}, // the token twice
		{"Bearer ", false},
		{"Bearer", false},
		{"", false},
		{"Basic abc123-secret", false},
		{"Bearer  abc123-secret", false},
		{"abc123-secret", false},
	} {
		if got := tok.Matches(c.auth); got != c.want {
			t.Errorf("Matches(%q) = %v, want %v", c.auth, got, c.want)
		}
	}
	var none *transport.Token
	if none.Matches("Bearer abc123-secret") {
		t.Error("a nil Token matched")
	}
}

func TestLoadTokenRefuses(t *testing.T) {
	dir := t.TempDir()
	for name, contents := range map[string]string{"empty": " \n", "spaces": "two words"} {
		f := filepath.Join(dir, name)
		os.WriteFile(f, []byte(contents), 0o600)
		if _, err := transport.LoadToken(f, nil); err == nil {
			t.Errorf("LoadToken(%s) took %q", name, contents)
		}
	}
	if _, err := transport.LoadToken(filepath.Join(dir, "missing"), nil); err == nil {
		t.Error("LoadToken took a missing file")
	}
}

func TestTokenMatchesAllocatesNothing(t *testing.T) {
	tok := loadToken(t, strings.Repeat("k", 64))
	auth := "Bearer " + strings.Repeat("k", 64)
	if n := testing.AllocsPerRun(100, func() { tok.Matches(auth) }); n != 0 {
		t.Errorf("Matches: %v allocs, want 0", n)
	}
}

func FuzzTokenMatches(f *testing.F) {
	f.Add("Bearer abc")
	f.Add("bearer abd")
	f.Add("Basic abc")
	f.Add("")
	f.Fuzz(func(t *testing.T, auth string) {
		tok := loadToken(t, "abc")
		want := len(auth) == len("Bearer abc") && strings.EqualFold(auth[:7], "bearer ") && auth[7:] == "abc"
		if got := tok.Matches(auth); got != want {
			t.Fatalf("Matches(%q) = %v, want %v", auth, got, want)
		}
	})
}
