package main

import (
	"crypto/tls"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/healthlite/healthlite/internal/testcert"
)

// tlsGet returns the status, body and serial (hex) of GET url over TLS
// trusting ca, presenting certs.
func tlsGet(ca *testcert.CA, url string, auth string, certs ...tls.Certificate) (int, string, string, error) {
	c := &http.Client{Timeout: 5 * time.Second, Transport: &http.Transport{
		Proxy: nil, DisableKeepAlives: true,
		TLSClientConfig: &tls.Config{RootCAs: ca.Pool(), Certificates: certs},
	}}
	req, _ := http.NewRequest("GET", url, nil)
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	resp, err := c.Do(req)
	if err != nil {
		return 0, "", "", err
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b), resp.TLS.PeerCertificates[0].SerialNumber.Text(16), nil
}

// serve over HTTPS from a Kubernetes-style secret, on both transports:
// Go and curl clients, probe --tls over HTTP and gRPC, a cert check of the
// served certificate, rotation by symlink swap, and probe errors on one
// line.
func TestServeTLS(t *testing.T) {
	for _, tr := range []string{"fasthttp", "loop", "stdlib"} {
		t.Run(tr, func(t *testing.T) {
			dir := t.TempDir()
			ca := testcert.NewCA(t, "healthlite e2e CA")
			caFile := ca.WriteCA(t, dir, "ca")
			first := ca.Issue(t, testcert.Options{})
			secDir := filepath.Join(dir, "secret")
			os.Mkdir(secDir, 0o700)
			sec := testcert.NewSecret(t, secDir, first)
			p, base := serveOn(t, nil, "--transport", tr, "--tls-cert", sec.CertFile(), "--tls-key", sec.KeyFile(),
				"--check", "tls=cert:"+sec.CertFile()+",interval=100ms")
			base = "https://" + strings.TrimPrefix(base, "http://")
			addr := strings.TrimPrefix(base, "https://")
			eventually(t, 20*time.Second, "/livez over HTTPS", func() bool {
				code, _, _, _ := tlsGet(ca, base+"/livez", "")
				return code == 200
			})
			eventually(t, 20*time.Second, "the cert check's metric", func() bool {
				_, body, _, _ := tlsGet(ca, base+"/metrics", "")
				// About a day, in /metrics' JSON.
				return strings.Contains(body, `"healthlite_cert_expiry_seconds":{"type":"gauge"`) && strings.Contains(body, `{"labels":{"check":"tls"},"value":86`)
			})

			for _, c := range []struct {
				args []string
				code int
				out  string
			}{
				{[]string{"--url", base + "/livez", "--ca", caFile}, 0, "healthy: " + base + "/livez answered 200 OK"},
				{[]string{"--port-file", "", "--ports", port(addr), "--tls", "--ca", caFile, "--path", "/livez"}, 0, "healthy: " + base + "/livez answered 200"},
				{[]string{"--ports", port(addr), "--insecure-skip-verify", "--path", "/livez"}, 0, "healthy: "},
				{[]string{"--ports", port(addr), "--tls", "--path", "/livez"}, 1, "TLS handshake: x509: certificate signed by unknown authority (server-name 127.0.0.1)"},
				{[]string{"--ports", port(addr), "--ca", caFile, "--server-name", "db.internal", "--path", "/livez"}, 1, "x509: certificate is valid for localhost, not db.internal (server-name db.internal)"},
				{[]string{"--grpc", addr, "--service", "livez", "--ca", caFile}, 0, `healthy: grpcs://` + addr + ` service "livez" is SERVING`},
				{[]string{"--grpc", addr, "--service", "livez", "--tls"}, 1, "x509: certificate signed by unknown authority"},
			} {
				args := append([]string{"probe"}, c.args...)
				if args[1] == "--port-file" {
					args = append(args[:1], args[3:]...)
				}
				// A handshake under -race on a loaded machine can take
				// longer than the default second; the verdict is what counts.
				args = append(args, "--timeout", "10s")
				code, stdout, stderr := runBinary(t, nil, args...)
				out := strings.TrimSpace(stdout + stderr)
				if code != c.code || !strings.Contains(out, c.out) || strings.Contains(out, "\n") {
					t.Errorf("probe %v: exit %d, %q; want %d and %q", c.args, code, out, c.code, c.out)
				}
			}

			if curl, err := exec.LookPath("curl"); err == nil {
				out, err := exec.Command(curl, "-sS", "--cacert", caFile, "-o", "/dev/null", "-w", "%{http_code} %{http_version}", "https://localhost:"+port(addr)+"/livez").CombinedOutput()
				if err != nil || string(out) != "200 1.1" {
					t.Errorf("curl --cacert: %v %q", err, out)
				}
				out, _ = exec.Command(curl, "-sS", "-o", "-", "http://127.0.0.1:"+port(addr)+"/livez").CombinedOutput()
				if !strings.Contains(string(out), "Client sent an HTTP request to an HTTPS server") {
					t.Errorf("curl http:// to the TLS port: %q", out)
				}
			}

			// Rotation by symlink swap: new handshakes see the new serial.
			second := ca.Issue(t, testcert.Options{})
			sec.Update(t, second.CertPEM, second.KeyPEM)
			eventually(t, 20*time.Second, "the new certificate", func() bool {
				_, _, serial, _ := tlsGet(ca, base+"/livez", "")
				return serial == second.Leaf.SerialNumber.Text(16)
			})
			if !strings.Contains(p.stderr.String(), "Loaded a new TLS certificate from "+sec.CertFile()) {
				t.Errorf("no log line for the new certificate:\n%s", p.stderr.String())
			}
			p.stop()
		})
	}
}

func port(addr string) string { return addr[strings.LastIndexByte(addr, ':')+1:] }

func TestServeTLSFlagErrors(t *testing.T) {
	dir := t.TempDir()
	ca := testcert.NewCA(t, "CA")
	cert, key := ca.Issue(t, testcert.Options{}).Write(t, dir, "server")
	_, otherKey := ca.Issue(t, testcert.Options{}).Write(t, dir, "other")
	for _, c := range []struct {
		args []string
		err  string
	}{
		{[]string{"--tls-cert", cert}, "--tls-cert and --tls-key go together"},
		{[]string{"--client-ca", cert}, "--client-ca needs HTTPS"},
		{[]string{"--tls-cert", dir + "/missing.crt", "--tls-key", key}, "missing.crt: no such file"},
		{[]string{"--tls-cert", cert, "--tls-key", otherKey}, "private key does not match public key"},
		{[]string{"--tls-cert", cert, "--tls-key", key, "--client-ca", key}, "--client-ca: no PEM certificate"},
		{[]string{"--details-token-file", dir + "/none"}, "--details-token-file " + dir + "/none: open"},
	} {
		code, _, stderr := runBinary(t, nil, append([]string{"serve", "--ports", "0"}, c.args...)...)
		if code != 2 || !strings.Contains(stderr, c.err) || strings.Count(strings.TrimSpace(stderr), "\n") > 0 && !strings.Contains(stderr, "level=") {
			t.Errorf("serve %v: exit %d, %q; want 2 and %q", c.args, code, stderr, c.err)
		}
	}
}
