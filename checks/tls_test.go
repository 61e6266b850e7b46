package checks

import (
	"crypto/tls"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/healthlite/healthlite/core"
	"github.com/healthlite/healthlite/internal/testcert"
)

// tlsServer serves over TLS with pair; clientCAs, when set, requires a
// client certificate signed by one of them. It answers the method and the
// X-Probe header it got.
func tlsServer(t *testing.T, pair testcert.Pair, clientCAs *testcert.CA) string {
	t.Helper()
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Method", r.Method)
		w.Write([]byte("method " + r.Method + " probe " + r.Header.Get("X-Probe") + " host " + r.Host))
	}))
	srv.TLS = &tls.Config{Certificates: []tls.Certificate{pair.TLS(t)}}
	if clientCAs != nil {
		srv.TLS.ClientCAs = clientCAs.Pool()
		srv.TLS.ClientAuth = tls.RequireAndVerifyClientCert
	}
	srv.Config.ErrorLog = log.New(io.Discard, "", 0) // the refused handshakes are the point
	srv.StartTLS()
	t.Cleanup(srv.Close)
	return srv.URL // https://127.0.0.1:PORT
}

func tlsConfig(t *testing.T, o TLSOptions) *tls.Config {
	t.Helper()
	cfg, err := o.Config()
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

func TestHTTPCheckTLS(t *testing.T) {
	dir := t.TempDir()
	ca := testcert.NewCA(t, "private CA")
	caFile := ca.WriteCA(t, dir, "ca")
	plain := tlsServer(t, ca.Issue(t, testcert.Options{}), nil)
	mtls := tlsServer(t, ca.Issue(t, testcert.Options{}), ca)
	dbOnly := tlsServer(t, ca.Issue(t, testcert.Options{Names: []string{"db.internal"}, IPs: []net.IP{}}), nil)
	expired := tlsServer(t, ca.Issue(t, testcert.Options{NotAfter: time.Now().Add(-48 * time.Hour)}), nil)
	clientCert, clientKey := ca.Issue(t, testcert.Options{Client: true, Names: []string{"prober"}}).Write(t, dir, "client")

	for _, c := range []struct {
		name string
		url  string
		tls  TLSOptions
		opts HTTPOptions
		want core.Status
		msg  string // the message holds it
	}{
		{"private CA trusted", plain, TLSOptions{CA: caFile}, HTTPOptions{}, core.StatusPass, "200 OK"},
		{"private CA unknown", plain, TLSOptions{}, HTTPOptions{}, core.StatusFail, ": x509: certificate signed by unknown authority (server-name 127.0.0.1)"},
		{"unknown CA, server-name", dbOnly, TLSOptions{ServerName: "db.internal"}, HTTPOptions{}, core.StatusFail, ": x509: certificate signed by unknown authority (server-name db.internal)"},
		{"insecure-skip-verify", plain, TLSOptions{InsecureSkipVerify: true}, HTTPOptions{}, core.StatusPass, "200 OK"},
		{"client certificate required, none", mtls, TLSOptions{CA: caFile}, HTTPOptions{}, core.StatusFail, "certificate required"},
		{"client certificate required, given", mtls, TLSOptions{CA: caFile, Cert: clientCert, Key: clientKey}, HTTPOptions{}, core.StatusPass, "200 OK"},
		{"wrong server name", plain, TLSOptions{CA: caFile, ServerName: "db.internal"}, HTTPOptions{}, core.StatusFail, ": x509: certificate is valid for localhost, not db.internal (server-name db.internal)"},
		{"no name for the address", dbOnly, TLSOptions{CA: caFile}, HTTPOptions{}, core.StatusFail, ": x509: cannot validate certificate for 127.0.0.1 because it doesn't contain any IP SANs (server-name 127.0.0.1)"},
		{"server-name", dbOnly, TLSOptions{CA: caFile, ServerName: "db.internal"}, HTTPOptions{}, core.StatusPass, "200 OK"},
		{"expired", expired, TLSOptions{CA: caFile}, HTTPOptions{}, core.StatusFail, "x509: certificate has expired or is not yet valid"},
		{"method and headers", plain, TLSOptions{CA: caFile}, HTTPOptions{Method: "POST", Contains: "method POST probe yes host api.internal",
			Header: http.Header{"X-Probe": {"yes"}, "Host": {"api.internal"}}}, core.StatusPass, "POST https://"},
	} {
		t.Run(c.name, func(t *testing.T) {
			c.opts.TLS = tlsConfig(t, c.tls)
			r := run(t, HTTP(c.url+"/", c.opts))
			if r.Status != c.want || !strings.Contains(r.Message, c.msg) || strings.Contains(r.Message, "\n") {
				t.Errorf("%v %q, want %v and a line holding %q", r.Status, r.Message, c.want, c.msg)
			}
		})
	}
}

func TestTLSOptionsConfigErrors(t *testing.T) {
	dir := t.TempDir()
	for _, o := range []TLSOptions{
		{CA: dir + "/missing.pem"},
		{Cert: dir + "/c.pem"},
		{Cert: dir + "/c.pem", Key: dir + "/k.pem"},
	} {
		if _, err := o.Config(); err == nil {
			t.Errorf("%+v: no error", o)
		}
	}
}

func TestCertCheck(t *testing.T) {
	dir := t.TempDir()
	ca := testcert.NewCA(t, "private CA")
	for _, c := range []struct {
		name string
		left time.Duration
		opts CertOptions
		want core.Status
		msg  string
	}{
		{"far", 30 * 24 * time.Hour, CertOptions{}, core.StatusPass, "expires in 29 days"},
		{"warn", 10 * 24 * time.Hour, CertOptions{}, core.StatusWarn, ", warn-days 14"},
		{"fail", 2 * 24 * time.Hour, CertOptions{}, core.StatusFail, ", fail-days 3"},
		{"own thresholds", 10 * 24 * time.Hour, CertOptions{WarnDays: 5, FailDays: 1}, core.StatusPass, "expires in 9 days"},
		{"expired", -50 * time.Hour, CertOptions{}, core.StatusFail, "expired 2 days ago"},
	} {
		t.Run(c.name, func(t *testing.T) {
			pair := ca.Issue(t, testcert.Options{NotAfter: time.Now().Add(c.left)})
			certFile, _ := pair.Write(t, dir, c.name)
			addr := strings.TrimPrefix(tlsServer(t, pair, nil), "https://")
			for what, chk := range map[string]core.Checker{"endpoint": CertEndpoint(addr, c.opts), "file": CertFile(certFile, c.opts)} {
				r := run(t, chk)
				if r.Status != c.want || !strings.Contains(r.Message, c.msg) || !strings.Contains(r.Message, "serial "+pair.Leaf.SerialNumber.Text(16)) {
					t.Errorf("%s: %v %q, want %v and %q", what, r.Status, r.Message, c.want, c.msg)
				}
				if want := time.Until(pair.Leaf.NotAfter).Seconds(); !r.HasValue || r.Value > want+60 || r.Value < want-60 {
					t.Errorf("%s: Value %v, want about %v seconds", what, r.Value, want)
				}
			}
		})
	}
	r := run(t, CertFile(dir+"/missing.pem", CertOptions{}))
	if r.Status != core.StatusFail || !strings.Contains(r.Message, "missing.pem") {
		t.Errorf("missing file: %v %q", r.Status, r.Message)
	}
	r = run(t, CertEndpoint("127.0.0.1:1", CertOptions{}))
	if r.Status != core.StatusFail {
		t.Errorf("closed port: %v %q", r.Status, r.Message)
	}
}
