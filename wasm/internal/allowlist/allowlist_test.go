package allowlist

import (
	"context"
	"errors"
	"net"
	"testing"
)

// TestDenyByDefault: an address passes only when listed for its port, a
// name only when listed or when some address is listed for its port (to be
// resolved and checked), and a refusal names the host:port refused.
func TestDenyByDefault(t *testing.T) {
	l, err := Parse([]string{"127.0.0.1:8080", "[::ffff:10.0.0.1]:80", "Example.COM.:443"})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		host string
		port uint16
		may  bool
	}{
		{"127.0.0.1", 8080, true},
		{"127.0.0.1", 8081, false},
		{"10.0.0.1", 80, true}, // the entry was unmapped
		{"::ffff:127.0.0.1", 8080, true},
		{"127.0.0.2", 8080, false},
		{"example.com", 443, true},
		{"EXAMPLE.com.", 443, true},
		{"example.com", 80, true}, // may resolve to 10.0.0.1
		{"example.org", 443, false},
		{"example.org", 8080, true},
	} {
		if got := l.MayReach(tc.host, tc.port); got != tc.may {
			t.Errorf("MayReach(%s, %d) = %v, want %v", tc.host, tc.port, got, tc.may)
		}
	}
	addrs, err := l.Resolve(context.Background(), net.DefaultResolver, "::ffff:127.0.0.1", 8080)
	if err != nil || len(addrs) != 1 || addrs[0].String() != "127.0.0.1" {
		t.Errorf("Resolve of a listed address: %v, %v", addrs, err)
	}
	_, err = l.Resolve(context.Background(), net.DefaultResolver, "127.0.0.1", 9)
	var d *DeniedError
	if !errors.As(err, &d) || d.Addr != "127.0.0.1:9" || !errors.Is(err, ErrNotAllowed) || err.Error() != "127.0.0.1:9 not in the allow list" {
		t.Errorf("Resolve of an address not listed: %v", err)
	}
	if _, err := l.Resolve(context.Background(), net.DefaultResolver, "example.org", 443); !errors.Is(err, ErrNotAllowed) {
		t.Errorf("Resolve of a name not listed, no address for its port: %v", err)
	}
	if (List{}).MayReach("127.0.0.1", 8080) {
		t.Error("the zero List allows something")
	}
}
