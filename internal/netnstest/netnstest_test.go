package netnstest

import (
	"context"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestPeerReachesHostFromItsOwnAddress serves on the host end of the pair
// and asks from inside the namespace with curl: the server sees the peer's
// address, which is not loopback.
func TestPeerReachesHostFromItsOwnAddress(t *testing.T) {
	p := New(t)
	ln, err := net.Listen("tcp", net.JoinHostPort(p.HostIP, "0"))
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, r.RemoteAddr)
	})}
	go srv.Serve(ln)
	defer srv.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	out, err := p.Command(ctx, "curl", "-sS", "--max-time", "10", "http://"+ln.Addr().String()+"/").CombinedOutput()
	if err != nil {
		t.Skipf("no client in the namespace (curl): %v: %s", err, out)
	}
	host, _, _ := net.SplitHostPort(string(out))
	if host != p.PeerIP || net.ParseIP(host).IsLoopback() {
		t.Errorf("the server saw %q, want the peer's %s", out, p.PeerIP)
	}
	if !strings.HasPrefix(p.PeerIP, "10.213.") {
		t.Errorf("peer address %s outside 10.213.0.0/16", p.PeerIP)
	}
}
