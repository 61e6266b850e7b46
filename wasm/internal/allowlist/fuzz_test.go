package allowlist

import (
	"net"
	"strconv"
	"strings"
	"testing"
)

// FuzzParse: an --allow entry is refused with one line, or it allows
// exactly its own host:port (and, as an IP entry, nothing on another port).
func FuzzParse(f *testing.F) {
	for _, s := range []string{"127.0.0.1:8080", "[::1]:80", "LocalHost.:443", "[::ffff:127.0.0.1]:1", "[fe80::1%lo]:9",
		"host:0", "host:65536", ":80", "127.0.0.1", "a:b:c", "[::1]:-1", "xn--bcher-kva.example:8080"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		l, err := Parse([]string{s})
		if err != nil {
			if msg := err.Error(); strings.ContainsAny(msg, "\r\n") || !strings.HasPrefix(msg, "allow ") {
				t.Fatalf("%q: error %q is not one line naming the entry", s, msg)
			}
			return
		}
		host, port, err := net.SplitHostPort(s)
		if err != nil {
			t.Fatalf("%q accepted but does not split: %v", s, err)
		}
		p, _ := strconv.ParseUint(port, 10, 16)
		if !l.MayReach(host, uint16(p)) {
			t.Fatalf("%q is accepted but does not allow itself", s)
		}
		if l.MayReach(host, uint16(p)+1) {
			t.Fatalf("%q allows port %d too", s, p+1)
		}
	})
}
