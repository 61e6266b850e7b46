package transporttest

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"io"
	"log/slog"
	"math/big"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/healthlite/healthlite/core"
	"github.com/healthlite/healthlite/core/coretest"
	"github.com/healthlite/healthlite/internal/exectest"
	"github.com/healthlite/healthlite/internal/testcert"
	"github.com/healthlite/healthlite/transport"
	"github.com/healthlite/healthlite/transport/grpchealth"
)

// tlsServerFor returns a server answering for h over TLS with cfg, gRPC
// health included, letting clients that send tok see details.
type tlsServerFor func(h *core.Health, cfg *tls.Config, tok *transport.Token) Server

// RunTLS runs the HTTPS suite as subtests of t, with certificates made
// for it (a private CA, server and client pairs): Go and curl clients over
// HTTP/1.1, gRPC health over ALPN "h2", RSA and ECDSA keys, TLS 1.2 at
// least, a plain HTTP request answered 400, rotation by a symlink swap
// while requests run (none fails; the new serial is seen; open connections
// keep theirs), a bad pair kept out, and details shown to a client that is
// not local only with a verified client certificate or the token.
func RunTLS(t *testing.T, newServer NewServer) {
	f := newFixture(t)
	start := func(h *core.Health, cfg *tls.Config, tok *transport.Token) Server {
		return newServer(Config{Health: h, Logger: Logger(t), GRPC: &grpchealth.Server{}, TLS: cfg, Token: tok})
	}
	ca := testcert.NewCA(t, "healthlite test CA")
	t.Run("ECDSA", func(t *testing.T) { testTLSServe(t, f, ca, start, false) })
	t.Run("RSA", func(t *testing.T) { testTLSServe(t, f, ca, start, true) })
	t.Run("PlainHTTP", func(t *testing.T) { testPlainHTTP(t, f, ca, start) })
	t.Run("SilentClient", func(t *testing.T) { testSilentTLSClient(t, f, ca, start) })
	t.Run("ShutdownWithGRPC", func(t *testing.T) { testTLSShutdownGRPC(t, f, ca, start) })
	t.Run("Rotation", func(t *testing.T) { testRotation(t, f, ca, start) })
	t.Run("BadRotation", func(t *testing.T) { testBadRotation(t, f, ca, start) })
	t.Run("Details", func(t *testing.T) { testTLSDetails(t, f, ca, start) })
}

// tlsServer serves f over TLS with kp, and returns its address.
func tlsServer(t *testing.T, f *fixture, newServer tlsServerFor, cfg *tls.Config, tok *transport.Token) string {
	t.Helper()
	return Serve(t, newServer(f.h, cfg, tok))
}

// logTo returns a logger writing to logs, whose lines a test can wait for.
func logTo(logs *exectest.Buffer) *slog.Logger { return slog.New(slog.NewTextHandler(logs, nil)) }

func httpsClient(ca *testcert.CA, certs ...tls.Certificate) *http.Client {
	return &http.Client{
		Timeout: 10 * time.Second,
		Transport: &http.Transport{
			TLSClientConfig:   &tls.Config{RootCAs: ca.Pool(), Certificates: certs},
			DisableKeepAlives: true,
		},
	}
}

// get returns the answer's status, body and the server's certificate.
func getTLS(c *http.Client, url string, hdr ...string) (int, string, *x509.Certificate, error) {
	req, err := http.NewRequest("GET", url, nil)
	if err != nil {
		return 0, "", nil, err
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		if hdr[i] == "Host" {
			req.Host = hdr[i+1]
		} else {
			req.Header.Set(hdr[i], hdr[i+1])
		}
	}
	resp, err := c.Do(req)
	if err != nil {
		return 0, "", nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return 0, "", nil, err
	}
	return resp.StatusCode, string(b), resp.TLS.PeerCertificates[0], nil
}

func testTLSServe(t *testing.T, f *fixture, ca *testcert.CA, newServer tlsServerFor, useRSA bool) {
	kp := loadPair(t, ca.Issue(t, testcert.Options{RSA: useRSA}), discardLogger())
	addr := tlsServer(t, f, newServer, transport.ServerTLS(kp, nil), nil)
	url := "https://" + addr

	// Keep-alive over one connection, HTTP/1.1 by ALPN although the
	// client offers h2 too.
	c := httpsClient(ca)
	c.Transport.(*http.Transport).DisableKeepAlives = false
	c.Transport.(*http.Transport).ForceAttemptHTTP2 = true
	want := string(f.route("GET", "/readyz/db", "").Body)
	for i := 0; i < 50; i++ {
		resp, err := c.Get(url + "/readyz/db")
		if err != nil {
			t.Fatal(err)
		}
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil || resp.StatusCode != 200 || string(body) != want {
			t.Fatalf("GET /readyz/db over TLS: %d %q %v", resp.StatusCode, body, err)
		}
		if resp.Proto != "HTTP/1.1" {
			t.Fatalf("a client offering h2 and http/1.1 got %s, want HTTP/1.1 (h2 is for gRPC)", resp.Proto)
		}
	}

	// TLS 1.1 is refused.
	conn, err := tls.Dial("tcp", addr, &tls.Config{RootCAs: ca.Pool(), MaxVersion: tls.VersionTLS11})
	if err == nil {
		conn.Close()
		t.Error("a TLS 1.1 client was served, want TLS 1.2 at least")
	}

	// gRPC health over ALPN h2, offered alone as gRPC clients do.
	tc, err := tls.Dial("tcp", addr, &tls.Config{RootCAs: ca.Pool(), NextProtos: []string{"h2"}})
	if err != nil {
		t.Fatal(err)
	}
	defer tc.Close()
	if p := tc.ConnectionState().NegotiatedProtocol; p != "h2" {
		t.Fatalf("ALPN chose %q, want h2", p)
	}
	tc.SetDeadline(time.Now().Add(10 * time.Second))
	st, err := grpchealth.CheckConn(tc, addr, "", 0)
	if err != nil || st != grpchealth.StatusNotServing {
		t.Fatalf("gRPC Check over TLS: %v %v, want NOT_SERVING (queue fails readiness)", st, err)
	}

	// curl, when installed (CI installs it).
	curl, err := exec.LookPath("curl")
	if err != nil {
		t.Log("curl not installed: its part skipped")
		return
	}
	caFile := ca.WriteCA(t, t.TempDir(), "ca")
	out, err := exec.Command(curl, "-sS", "--http1.1", "--cacert", caFile, "-o", "-", "-w", "\n%{http_code} %{ssl_verify_result}", url+"/livez").CombinedOutput()
	if err != nil || !strings.HasSuffix(string(out), "\n200 0") {
		t.Fatalf("curl --cacert: %v\n%s", err, out)
	}
	// curl -k, as kubelet probes do: no verification, no client
	// certificate, ALPN offering h2 and http/1.1 (HTTP/1.1 is chosen).
	out, err = exec.Command(curl, "-sS", "-k", "-o", "/dev/null", "-w", "%{http_code}", "https://localhost:"+port(addr)+"/livez").CombinedOutput()
	if err != nil || string(out) != "200" {
		t.Fatalf("curl -k: %v\n%s", err, out)
	}
}

func port(addr string) string {
	_, p, _ := net.SplitHostPort(addr)
	return p
}

func loadPair(t *testing.T, p testcert.Pair, log *slog.Logger) *transport.KeyPair {
	t.Helper()
	dir := t.TempDir()
	cert, key := p.Write(t, dir, "server")
	kp, err := transport.LoadKeyPair(cert, key, log)
	if err != nil {
		t.Fatal(err)
	}
	return kp
}

// plainConn serves f over TLS with a new pair and returns its address and
// a plain TCP connection to it (see dialRaw).
func plainConn(t *testing.T, f *fixture, ca *testcert.CA, newServer tlsServerFor) (string, net.Conn) {
	t.Helper()
	kp := loadPair(t, ca.Issue(t, testcert.Options{}), discardLogger())
	addr := tlsServer(t, f, newServer, transport.ServerTLS(kp, nil), nil)
	return addr, dialRaw(t, addr)
}

func testPlainHTTP(t *testing.T, f *fixture, ca *testcert.CA, newServer tlsServerFor) {
	_, c := plainConn(t, f, ca, newServer)
	io.WriteString(c, "GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n")
	b, err := io.ReadAll(c) // to the end: the server closes
	if err != nil {
		t.Fatalf("plain HTTP to the TLS port: %v after %q (want an answer and the connection closed)", err, b)
	}
	if !strings.HasPrefix(string(b), "HTTP/1.0 400 Bad Request\r\n") || !strings.Contains(string(b), "HTTPS") {
		t.Fatalf("plain HTTP to the TLS port got %q, want a 400 naming HTTPS", b)
	}
}

// rotatingServer serves f over TLS with a pair read from a secret's files,
// watched every 10ms until t ends, so that a test can swap them; it
// returns the first pair, the secret and the server's /livez URL.
func rotatingServer(t *testing.T, f *fixture, ca *testcert.CA, newServer tlsServerFor, log *slog.Logger) (testcert.Pair, *testcert.Secret, string) {
	t.Helper()
	first := ca.Issue(t, testcert.Options{})
	sec := testcert.NewSecret(t, t.TempDir(), first)
	kp, err := transport.LoadKeyPair(sec.CertFile(), sec.KeyFile(), log)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	go kp.Watch(ctx, 10*time.Millisecond)
	return first, sec, "https://" + tlsServer(t, f, newServer, transport.ServerTLS(kp, nil), nil) + "/livez"
}

func testRotation(t *testing.T, f *fixture, ca *testcert.CA, newServer tlsServerFor) {
	first, sec, url := rotatingServer(t, f, ca, newServer, discardLogger())

	// A connection opened before the swap.
	kept := httpsClient(ca)
	kept.Transport.(*http.Transport).DisableKeepAlives = false
	if _, _, cert, err := getTLS(kept, url); err != nil || cert.SerialNumber.Cmp(first.Leaf.SerialNumber) != 0 {
		t.Fatalf("before the swap: %v", err)
	}

	// A load of new connections while the secret is swapped.
	second := ca.Issue(t, testcert.Options{})
	var failed, served atomic.Int64
	var newSerial atomic.Bool
	var failure atomic.Value
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c := httpsClient(ca)
			for i := 0; i < 5000; i++ {
				select {
				case <-stop:
					return
				default:
				}
				code, _, cert, err := getTLS(c, url)
				if err != nil || code != 200 {
					failed.Add(1)
					failure.Store(errors.Join(err, errors.New(http.StatusText(code))))
					continue
				}
				served.Add(1)
				if cert.SerialNumber.Cmp(second.Leaf.SerialNumber) == 0 {
					newSerial.Store(true)
				}
			}
		}()
	}
	coretest.WaitFor(t, "requests before the swap", func() bool { return served.Load() >= 20 })
	sec.Update(t, second.CertPEM, second.KeyPEM)
	coretest.WaitFor(t, "the new certificate's serial in a handshake", newSerial.Load)
	before := served.Load()
	coretest.WaitFor(t, "requests after the swap", func() bool { return served.Load() >= before+20 })
	close(stop)
	wg.Wait()
	if n := failed.Load(); n > 0 {
		t.Fatalf("%d of %d requests failed during the rotation, e.g. %v", n, n+served.Load(), failure.Load())
	}
	// The connection opened before still has the first certificate.
	code, _, cert, err := getTLS(kept, url)
	if err != nil || code != 200 || cert.SerialNumber.Cmp(first.Leaf.SerialNumber) != 0 {
		t.Fatalf("the connection opened before the swap: %d %v, serial %v (want %v)", code, err, cert.SerialNumber, first.Leaf.SerialNumber)
	}
}

func testBadRotation(t *testing.T, f *fixture, ca *testcert.CA, newServer tlsServerFor) {
	logs := new(exectest.Buffer)
	first, sec, url := rotatingServer(t, f, ca, newServer, logTo(logs))

	// A new certificate with another pair's key.
	second, other := ca.Issue(t, testcert.Options{}), ca.Issue(t, testcert.Options{})
	sec.Update(t, second.CertPEM, other.KeyPEM)
	coretest.WaitFor(t, "the bad pair to be logged", func() bool { return strings.Contains(logs.String(), "Kept the TLS certificate in use") })
	code, _, cert, err := getTLS(httpsClient(ca), url)
	if err != nil || code != 200 || cert.SerialNumber.Cmp(first.Leaf.SerialNumber) != 0 {
		t.Fatalf("after a bad pair: %d %v, serial %v (want the first, %v)", code, err, serial(cert), first.Leaf.SerialNumber)
	}
	if n := strings.Count(logs.String(), "Kept the TLS certificate in use"); n != 1 {
		t.Errorf("the bad pair was logged %d times, want once:\n%s", n, logs)
	}

	// A good pair after it is taken.
	sec.Update(t, other.CertPEM, other.KeyPEM)
	coretest.WaitFor(t, "the good pair after the bad one", func() bool {
		_, _, cert, err := getTLS(httpsClient(ca), url)
		return err == nil && cert.SerialNumber.Cmp(other.Leaf.SerialNumber) == 0
	})
}

func serial(c *x509.Certificate) *big.Int {
	if c == nil {
		return nil
	}
	return c.SerialNumber
}

func testTLSDetails(t *testing.T, f *fixture, ca *testcert.CA, newServer tlsServerFor) {
	dir := t.TempDir()
	kp := loadPair(t, ca.Issue(t, testcert.Options{}), discardLogger())
	tokFile := dir + "/token"
	const secret = "s3cret-token-0123456789"
	if err := writeFile(tokFile, secret+"\n"); err != nil {
		t.Fatal(err)
	}
	tok, err := transport.LoadToken(tokFile, discardLogger())
	if err != nil {
		t.Fatal(err)
	}
	caFile := ca.WriteCA(t, dir, "client-ca.pem")
	logs := new(exectest.Buffer)
	cas, err := transport.LoadClientCAs(caFile, logTo(logs))
	if err != nil {
		t.Fatal(err)
	}
	addr := tlsServer(t, f, newServer, transport.ServerTLS(kp, cas), tok)
	url := "https://" + addr + "/health?verbose"
	client := ca.Issue(t, testcert.Options{Client: true, Names: []string{"prober"}})
	// The configuration the client CAs hand each handshake keeps the
	// server's ALPN protocols.
	for _, proto := range []string{"h2", "http/1.1"} {
		tc, err := tls.Dial("tcp", addr, &tls.Config{RootCAs: ca.Pool(), NextProtos: []string{proto}, Certificates: []tls.Certificate{client.TLS(t)}})
		if err != nil {
			t.Fatal(err)
		}
		if got := tc.ConnectionState().NegotiatedProtocol; got != proto {
			t.Errorf("with client CAs, ALPN chose %q for a client offering %q alone", got, proto)
		}
		tc.Close()
	}
	otherCA := testcert.NewCA(t, "another CA")
	stranger := otherCA.Issue(t, testcert.Options{Client: true, Names: []string{"stranger"}})

	// The clients are on loopback but name another host, as a client
	// from another machine does: the server does not take them for local.
	const remote = "healthlite.example"
	details := func(c *http.Client, hdr ...string) bool {
		t.Helper()
		code, body, _, err := getTLS(c, url, hdr...)
		if err != nil || code != 503 {
			t.Fatalf("GET /health?verbose: %d %v", code, err)
		}
		return strings.Contains(body, "connected")
	}
	if !details(httpsClient(ca), "Host", "localhost") {
		t.Fatal("a local client sees no details")
	}
	if details(httpsClient(ca), "Host", remote) {
		t.Error("a remote client without a certificate or the token sees details")
	}
	if !details(httpsClient(ca, client.TLS(t)), "Host", remote) {
		t.Error("a remote client with a verified certificate sees no details")
	}
	if !details(httpsClient(ca), "Host", remote, "Authorization", "Bearer "+secret) {
		t.Error("a remote client with the token sees no details")
	}
	wrong := strings.Repeat("x", len(secret))
	if details(httpsClient(ca), "Host", remote, "Authorization", "Bearer "+wrong) {
		t.Error("a remote client with a wrong token of the right length sees details")
	}
	if details(httpsClient(ca), "Host", remote, "Authorization", "Basic "+secret) {
		t.Error("a remote client with the token under another scheme sees details")
	}
	// A certificate from another CA: Go's client sends none (the server
	// names its CAs), so it is a stranger; forced on the server, it is
	// refused.
	if details(httpsClient(ca, stranger.TLS(t)), "Host", remote) {
		t.Error("a remote client with a certificate from another CA sees details")
	}
	forced := httpsClient(ca)
	strangerCert := stranger.TLS(t)
	forced.Transport.(*http.Transport).TLSClientConfig.GetClientCertificate = func(*tls.CertificateRequestInfo) (*tls.Certificate, error) {
		return &strangerCert, nil
	}
	if code, body, _, err := getTLS(forced, url, "Host", remote); err == nil && strings.Contains(body, "connected") {
		t.Errorf("a certificate from another CA, forced on the server, got details (%d)", code)
	}

	// The token file is read again when it changes.
	if err := writeFile(tokFile, "n3w-token"); err != nil {
		t.Fatal(err)
	}
	reload, cancel := context.WithCancel(context.Background())
	defer cancel()
	go tok.Watch(reload, 10*time.Millisecond)
	coretest.WaitFor(t, "the new token", func() bool {
		return details(httpsClient(ca), "Host", remote, "Authorization", "Bearer n3w-token")
	})
	if details(httpsClient(ca), "Host", remote, "Authorization", "Bearer "+secret) {
		t.Error("the old token still shows details after the file changed")
	}

	// So is the client CA file. A file without a certificate is logged
	// once and the CAs in use stay.
	go cas.Watch(reload, 10*time.Millisecond)
	if err := writeFile(caFile, "not a certificate"); err != nil {
		t.Fatal(err)
	}
	coretest.WaitFor(t, "the bad client CA file reported", func() bool { return strings.Contains(logs.String(), "Kept the client CAs in use") })
	if !details(httpsClient(ca, client.TLS(t)), "Host", remote) {
		t.Error("after a bad client CA file, a certificate of the CA in use is no longer trusted")
	}
	otherFile := otherCA.WriteCA(t, dir, "other-ca.pem")
	pem, err := os.ReadFile(otherFile)
	if err != nil {
		t.Fatal(err)
	}
	if err := writeFile(caFile, string(pem)); err != nil {
		t.Fatal(err)
	}
	coretest.WaitFor(t, "the new client CA", func() bool { return details(httpsClient(ca, stranger.TLS(t)), "Host", remote) })
	if details(httpsClient(ca, client.TLS(t)), "Host", remote) {
		t.Error("a certificate of the replaced CA still shows details")
	}
	if n := strings.Count(logs.String(), "Kept the client CAs in use"); n != 1 {
		t.Errorf("the bad client CA file was reported %d times, want once:\n%s", n, logs)
	}
	if !strings.Contains(logs.String(), "Loaded new client CAs from "+caFile) {
		t.Errorf("no log line of the new client CAs:\n%s", logs)
	}
}

// writeFile replaces name's contents in one rename.
func writeFile(name, s string) error {
	tmp := name + ".tmp"
	if err := os.WriteFile(tmp, []byte(s), 0o600); err != nil {
		return err
	}
	return os.Rename(tmp, name)
}

// testSilentTLSClient opens a connection and sends nothing: the handshake
// waits under the server's read deadline, then the connection is closed.
func testSilentTLSClient(t *testing.T, f *fixture, ca *testcert.CA, newServer tlsServerFor) {
	addr, c := plainConn(t, f, ca, newServer)
	b, err := io.ReadAll(c)
	if err != nil || len(b) != 0 {
		t.Fatalf("a client that sends nothing: %q %v, want the connection closed without a byte", b, err)
	}
	// The server still serves.
	if code, _, _, err := getTLS(httpsClient(ca), "https://"+addr+"/livez"); err != nil || code != 200 {
		t.Fatalf("after the silent client: %d %v", code, err)
	}
}

// testTLSShutdownGRPC shuts the server down while a gRPC connection over
// TLS is open: Shutdown returns in time and closes it.
func testTLSShutdownGRPC(t *testing.T, f *fixture, ca *testcert.CA, newServer tlsServerFor) {
	kp := loadPair(t, ca.Issue(t, testcert.Options{}), discardLogger())
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := newServer(f.h, transport.ServerTLS(kp, nil), nil)
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	tc, err := tls.Dial("tcp", ln.Addr().String(), &tls.Config{RootCAs: ca.Pool(), NextProtos: []string{"h2"}})
	if err != nil {
		t.Fatal(err)
	}
	defer tc.Close()
	tc.SetDeadline(time.Now().Add(20 * time.Second))
	if _, err := grpchealth.CheckConn(tc, ln.Addr().String(), "livez", 0); err != nil {
		t.Fatal(err)
	}
	shutdown(t, srv, done) // with the gRPC connection over TLS open
	if _, err := io.Copy(io.Discard, tc); err != nil {
		t.Fatalf("the gRPC connection after Shutdown: %v, want it closed", err)
	}
}
