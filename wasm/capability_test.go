package wasm

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/healthlite/healthlite/core"
	"github.com/healthlite/healthlite/internal/dnstest"
	"github.com/healthlite/healthlite/internal/tcptest"
	"golang.org/x/net/dns/dnsmessage"
)

// countingServer is a real HTTP server on addr ("127.0.0.1:0" for any
// port) that counts the requests it gets.
type countingServer struct {
	*httptest.Server
	hits atomic.Int32
}

func newCountingServer(t *testing.T, addr string, h http.HandlerFunc) *countingServer {
	t.Helper()
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		t.Skipf("cannot listen on %s: %v", addr, err)
	}
	s := &countingServer{}
	s.Server = &httptest.Server{Listener: ln, Config: &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.hits.Add(1)
		h(w, r)
	})}}
	s.Start()
	t.Cleanup(s.Close)
	return s
}

func (s *countingServer) hostport() string { return strings.TrimPrefix(s.URL, "http://") }

// getCode runs the http module against url and returns the code http_get
// answered (the "code" metric) and the result.
func getCode(t *testing.T, c *Check) (float64, core.Result) {
	t.Helper()
	r := run(c)
	m := c.LastMetrics()
	if len(m) != 1 || m[0].Name != "code" {
		t.Fatalf("metrics %v, want code; result %v %q", m, r.Status, r.Message)
	}
	return m[0].Value, r
}

// A redirect from an allowed server to one that is not allowed is refused
// before anything is sent there: -1, and the other server sees no request.
// The same holds deeper in a chain, and for a redirect that names the
// refused server by an unlisted host name.
func TestHTTPGetRedirectToHostNotAllowed(t *testing.T) {
	forbidden := newCountingServer(t, "127.0.0.1:0", func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("leaked")) })
	_, fport, _ := net.SplitHostPort(forbidden.hostport())
	allowed := newCountingServer(t, "127.0.0.1:0", func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/away":
			http.Redirect(w, r, forbidden.URL+"/", http.StatusFound)
		case "/away-by-name":
			http.Redirect(w, r, "http://localhost:"+fport+"/", http.StatusFound)
		case "/hop":
			http.Redirect(w, r, "/away", http.StatusMovedPermanently)
		default:
			w.Write([]byte("hello"))
		}
	})
	for _, path := range []string{"/away", "/away-by-name", "/hop"} {
		c := load(t, "http", Options{Timeout: 10 * time.Second, Config: map[string]string{"url": allowed.URL + path}, Allow: []string{allowed.hostport()}})
		if code, r := getCode(t, c); code != -1 || r.Status != core.StatusFail {
			t.Errorf("%s: code %v (%v %q), want -1", path, code, r.Status, r.Message)
		}
	}
	if n := forbidden.hits.Load(); n != 0 {
		t.Errorf("the server not allowed got %d requests, want 0", n)
	}
	if n := allowed.hits.Load(); n != 4 {
		t.Errorf("the allowed server got %d requests, want 4 (one per redirect)", n)
	}
}

// The body is read only up to the guest's buffer: a server that streams
// without end costs the check nothing more than its first bytes, and the
// connection is closed under the server long before the deadline.
func TestHTTPGetBodyCapped(t *testing.T) {
	var written atomic.Int64
	ended := make(chan error, 1)
	s := newCountingServer(t, "127.0.0.1:0", func(w http.ResponseWriter, r *http.Request) {
		chunk := []byte("hello" + strings.Repeat("x", 32<<10-5))
		for {
			n, err := w.Write(chunk)
			written.Add(int64(n))
			if err != nil {
				ended <- err
				return
			}
			chunk = chunk[:cap(chunk)]
			copy(chunk, strings.Repeat("y", 5))
		}
	})
	c := load(t, "http", Options{Timeout: 20 * time.Second, Config: map[string]string{"url": s.URL + "/endless"}, Allow: []string{s.hostport()}})
	code, r := getCode(t, c)
	if code != 200 || r.Status != core.StatusPass || r.Message != "hello" {
		t.Fatalf("code %v, %v %q; want 200 and the first 5 bytes \"hello\"", code, r.Status, r.Message)
	}
	select {
	case <-ended:
	case <-time.After(30 * time.Second):
		t.Fatal("the server is still writing: the host did not close the body after body_cap bytes")
	}
	if n := written.Load(); n > 64<<20 {
		t.Errorf("the server wrote %d bytes before the connection closed, want at most socket buffers' worth", n)
	}
}

// resolveVia makes c resolve names through a real DNS server on a loopback
// UDP port that answers every A question with the addresses answer returns
// (n counts A questions from 0) and other questions with none, so tests
// control what a name resolves to without touching the system's resolver.
func resolveVia(t *testing.T, c *Check, answer func(n int) []net.IP) {
	t.Helper()
	var mu sync.Mutex
	queries := 0
	addr := dnstest.Serve(t, func(_ string, qtype dnsmessage.Type) ([]netip.Addr, bool) {
		if qtype != dnsmessage.TypeA {
			return nil, true
		}
		mu.Lock()
		ips := answer(queries)
		queries++
		mu.Unlock()
		var addrs []netip.Addr
		for _, ip := range ips {
			a, _ := netip.AddrFromSlice(ip.To4())
			addrs = append(addrs, a)
		}
		return addrs, true
	})
	c.net.resolver = &net.Resolver{PreferGo: true, Dial: func(ctx context.Context, _, _ string) (net.Conn, error) {
		var dialer net.Dialer
		return dialer.DialContext(ctx, "udp", addr)
	}}
}

// The allow-list rule for names and addresses:
//   - a listed IP allows that IP; a listed name allows that name, resolved,
//     with every address it resolves to (the operator named it) — but not
//     those addresses written as IPs;
//   - an unlisted name is allowed only when every address it resolves to is
//     a listed IP, so a DNS answer cannot add an address the operator did
//     not list;
//   - names are resolved once per connection and only the addresses checked
//     are dialed, so an answer that changes between check and dial
//     (rebinding) reaches nothing new.
func TestHTTPGetNamesAndAddresses(t *testing.T) {
	hello := func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("hello")) }
	one := newCountingServer(t, "127.0.0.1:0", hello)
	_, port, _ := net.SplitHostPort(one.hostport())
	two := newCountingServer(t, "127.0.0.2:"+port, hello) // same port, another loopback address
	ip1, ip2 := net.IPv4(127, 0, 0, 1), net.IPv4(127, 0, 0, 2)
	for _, tc := range []struct {
		name   string
		url    string
		allow  []string
		answer func(n int) []net.IP
		code   float64
		hits   [2]int32 // requests server one and two get
	}{
		{"unlisted name resolving to a listed IP", "http://svc.test:" + port + "/", []string{"127.0.0.1:" + port},
			func(int) []net.IP { return []net.IP{ip1} }, 200, [2]int32{1, 0}},
		{"unlisted name resolving to one IP not listed", "http://svc.test:" + port + "/", []string{"127.0.0.1:" + port},
			func(int) []net.IP { return []net.IP{ip1, ip2} }, -1, [2]int32{0, 0}},
		{"listed name, any address it resolves to", "http://SVC.test.:" + port + "/", []string{"svc.test:" + port},
			func(int) []net.IP { return []net.IP{ip2} }, 200, [2]int32{0, 1}},
		{"listed name does not allow its address as an IP", "http://127.0.0.1:" + port + "/", []string{"svc.test:" + port},
			func(int) []net.IP { return []net.IP{ip1} }, -1, [2]int32{0, 0}},
		{"listed localhost does not allow 127.0.0.1", "http://127.0.0.1:" + port + "/", []string{"localhost:" + port},
			func(int) []net.IP { return []net.IP{ip1} }, -1, [2]int32{0, 0}},
		{"listed 127.0.0.1 with a name resolving elsewhere", "http://svc.test:" + port + "/", []string{"127.0.0.1:" + port},
			func(int) []net.IP { return []net.IP{ip2} }, -1, [2]int32{0, 0}},
		{"rebinding after the check reaches nothing new", "http://svc.test:" + port + "/", []string{"127.0.0.1:" + port},
			func(n int) []net.IP {
				if n == 0 {
					return []net.IP{ip1}
				}
				return []net.IP{ip2}
			}, 200, [2]int32{1, 0}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			one.hits.Store(0)
			two.hits.Store(0)
			c := load(t, "http", Options{Timeout: 10 * time.Second, Config: map[string]string{"url": tc.url}, Allow: tc.allow})
			resolveVia(t, c, tc.answer)
			code, r := getCode(t, c)
			if code != tc.code {
				t.Fatalf("code %v (%v %q), want %v", code, r.Status, r.Message, tc.code)
			}
			if got := [2]int32{one.hits.Load(), two.hits.Load()}; got != tc.hits {
				t.Errorf("requests to 127.0.0.1 and 127.0.0.2: %v, want %v", got, tc.hits)
			}
		})
	}
}

// tcp_dial follows the same rule as http_get: a DNS answer with an address
// not listed is refused before any connection is made.
func TestTCPDialChecksResolvedAddresses(t *testing.T) {
	var accepted atomic.Int32
	_, port, _ := net.SplitHostPort(tcptest.Serve(t, func(c net.Conn) {
		accepted.Add(1)
		c.Close()
	}))
	for _, tc := range []struct {
		ips  []net.IP
		want float64
	}{{[]net.IP{net.IPv4(127, 0, 0, 1)}, 0}, {[]net.IP{net.IPv4(127, 0, 0, 1), net.IPv4(127, 0, 0, 3)}, -1}} {
		c := load(t, "tcp", Options{Config: map[string]string{"addr": "svc.test:" + port}, Allow: []string{"127.0.0.1:" + port}})
		resolveVia(t, c, func(int) []net.IP { return tc.ips })
		r := run(c)
		if m := c.LastMetrics(); len(m) != 1 || m[0].Value != tc.want {
			t.Errorf("svc.test resolving to %v: %v (%v %q), want %v", tc.ips, m, r.Status, r.Message, tc.want)
		}
	}
	// The server counts a connection on its own goroutine: wait for the
	// first case's, then make sure there is no second.
	for deadline := time.Now().Add(10 * time.Second); accepted.Load() < 1 && time.Now().Before(deadline); {
		time.Sleep(5 * time.Millisecond)
	}
	if n := accepted.Load(); n != 1 {
		t.Errorf("%d connections accepted, want 1 (the refused dial must not connect)", n)
	}
}
