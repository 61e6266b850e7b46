//go:build linux

package main

import (
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/healthlite/healthlite/internal/testcert"
)

// Details over HTTPS for a remote client, played by curl from a network
// namespace: shown with a client certificate the --client-ca verifies or
// with the --details-token-file token, withheld without them and with a
// wrong token of the right length.
func TestServeTLSDetailsRemote(t *testing.T) {
	ns, hostIP := remoteNamespace(t)
	curl, err := exec.LookPath("curl")
	if err != nil {
		t.Skip("needs curl")
	}
	dir := t.TempDir()
	ca := testcert.NewCA(t, "healthlite e2e CA")
	caFile := ca.WriteCA(t, dir, "ca")
	server := ca.Issue(t, testcert.Options{IPs: []net.IP{net.ParseIP("127.0.0.1"), net.ParseIP(hostIP)}, NotAfter: time.Now().Add(90 * 24 * time.Hour)})
	certFile, keyFile := server.Write(t, dir, "server")
	clientCert, clientKey := ca.Issue(t, testcert.Options{Client: true, Names: []string{"prober"}}).Write(t, dir, "client")
	const token = "0123456789abcdef-token"
	tokFile := filepath.Join(dir, "token")
	if err := os.WriteFile(tokFile, []byte(token+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tr := range []string{"fasthttp", "loop", "stdlib"} {
		t.Run(tr, func(t *testing.T) {
			_, base := serveOn(t, nil, "--transport", tr, "--tls-cert", certFile, "--tls-key", keyFile,
				"--client-ca", caFile, "--details-token-file", tokFile, "--check", "tls=cert:"+certFile)
			port := port(base)
			local := "https://127.0.0.1:" + port + "/health?verbose"
			remote := "https://" + hostIP + ":" + port + "/health?verbose"
			fetch := func(inNS bool, url string, args ...string) string {
				t.Helper()
				cmd := append([]string{curl, "-sS", "--max-time", "10", "--cacert", caFile}, args...)
				cmd = append(cmd, url)
				if inNS {
					cmd = append([]string{"ip", "netns", "exec", ns}, cmd...)
				}
				out, err := exec.Command(cmd[0], cmd[1:]...).CombinedOutput()
				if err != nil {
					t.Fatalf("%v: %v\n%s", cmd, err, out)
				}
				return string(out)
			}
			const detail = "certificate of " // the cert check's message
			eventually(t, 20*time.Second, "the check's message for a local client", func() bool {
				return strings.Contains(fetch(false, local), detail)
			})
			for _, c := range []struct {
				name string
				args []string
				want bool
			}{
				{"no credentials", nil, false},
				{"client certificate", []string{"--cert", clientCert, "--key", clientKey}, true},
				{"token", []string{"-H", "Authorization: Bearer " + token}, true},
				{"wrong token of the right length", []string{"-H", "Authorization: Bearer " + strings.Repeat("0", len(token))}, false},
			} {
				body := fetch(true, remote, c.args...)
				if got := strings.Contains(body, detail); got != c.want {
					t.Errorf("remote client, %s: details shown %v, want %v:\n%s", c.name, got, c.want, body)
				}
			}
		})
	}
}
