package main

import (
	"bufio"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/healthlite/healthlite/internal/botlog"
	"github.com/healthlite/healthlite/internal/grpcprobe"
	"github.com/healthlite/healthlite/transport"
)

const probeIntro = `Usage: healthlite probe [--ports LIST | --port-file PATH | --url URL] [--path /health] [--timeout 1s]
       healthlite probe --grpc HOST:PORT [--service NAME] [--timeout 1s]

Asks a health server and exits 0 on the first 2xx answer, 1 otherwise (never 2,
which Docker reserves), printing one line saying what it saw. It is the Docker
HEALTHCHECK and Kubernetes exec probe for images without curl:

  HEALTHCHECK CMD ["/healthlite", "probe", "--path", "/readyz"]

Ports are tried in order on --host; --port-file reads the port "healthlite
serve --port-file" wrote; --url asks one URL (http or https).

--grpc asks grpc.health.v1.Health/Check over HTTP/2 cleartext instead, as
grpc_health_probe does: exit 0 on SERVING, 1 otherwise.

--tls (or any of --ca, --cert, --key, --server-name, --insecure-skip-verify)
speaks TLS: HTTPS to the ports, gRPC over TLS (ALPN h2) with --grpc.

  HEALTHCHECK CMD ["/healthlite", "probe", "--grpc", "127.0.0.1:8080", "--service", "readiness"]`

// probeTarget is one address to ask.
type probeTarget struct {
	scheme, host, path string // host is host:port
}

func (t probeTarget) String() string { return t.scheme + "://" + t.host + t.path }

// runProbe implements "healthlite probe". Its exit status is 0 (healthy) or
// 1 (anything else, bad flags included), as HEALTHCHECK expects.
func runProbe(args []string, stdout, stderr io.Writer) int {
	o := newOptions("probe", probeIntro)
	ports := &stringValue{}
	portFile := &stringValue{}
	rawURL := &stringValue{}
	host := &stringValue{s: "127.0.0.1"}
	path := &stringValue{s: "/health"}
	timeout := &durationValue{d: time.Second}
	grpcAddr := &stringValue{}
	service := &stringValue{}
	o.add("ports", "LIST", []string{"HEALTHLITE_PROBE_PORTS", "HEALTH_SERVER_PORTS"}, ports, "ports to try in order, e.g. 8080-8082 or 8080,9090 (default 8080-8084)")
	o.add("port-file", "PATH", []string{"HEALTHLITE_PORT_FILE"}, portFile, "read the port from this file (written by serve --port-file)")
	o.add("url", "URL", []string{"HEALTHLITE_PROBE_URL"}, rawURL, "ask this URL instead of ports")
	o.add("host", "HOST", []string{"HEALTHLITE_PROBE_HOST"}, host, "host to ask on each port")
	o.add("path", "PATH", []string{"HEALTHLITE_PROBE_PATH"}, path, "path to ask, e.g. /readyz or /livez")
	o.add("timeout", "DURATION", []string{"HEALTHLITE_PROBE_TIMEOUT"}, timeout, "give up after this long in all")
	o.add("grpc", "HOST:PORT", []string{"HEALTHLITE_PROBE_GRPC"}, grpcAddr, "ask grpc.health.v1 Check on this address (h2c) instead of HTTP")
	o.add("service", "NAME", []string{"HEALTHLITE_PROBE_SERVICE"}, service, "with --grpc: the service to ask for (default \"\": the whole server)")
	var tlsFlags probeTLS
	tlsFlags.addFlags(o)
	if err := o.parse(args, stdout, stderr); err != nil {
		if errors.Is(err, errUsage) {
			return 1
		}
		return 0 // --help
	}
	var tlsConfig *tls.Config
	if tlsFlags.enabled() {
		var err error
		if tlsConfig, err = tlsFlags.config(); err != nil {
			fmt.Fprintf(stderr, "healthlite probe: %v\n", err)
			return 1
		}
	}
	if grpcAddr.s != "" || o.set["service"] {
		return probeGRPC(o, grpcAddr.s, service.s, timeout.d, tlsConfig, stdout, stderr)
	}
	// One source of ports: a flag on the command line beats the
	// environment; among environment values --url beats --port-file beats
	// --ports (HEALTH_SERVER_PORTS is often set for the server anyway).
	var given []string
	for _, name := range []string{"url", "port-file", "ports"} {
		if o.set[name] {
			given = append(given, "--"+name)
		}
	}
	if len(given) > 1 {
		fmt.Fprintf(stderr, "healthlite probe: give only one of %s\n", strings.Join(given, " and "))
		return 1
	}
	switch {
	case o.set["url"] || !o.set["port-file"] && !o.set["ports"] && rawURL.s != "":
		ports.s, portFile.s = "", ""
	case o.set["port-file"] || !o.set["ports"] && portFile.s != "":
		ports.s, rawURL.s = "", ""
	default:
		portFile.s, rawURL.s = "", ""
	}
	targets, err := probeTargets(ports.s, portFile.s, rawURL.s, host.s, path.s)
	if err != nil {
		fmt.Fprintf(stderr, "healthlite probe: %v\n", err)
		return 1
	}
	if timeout.d <= 0 {
		fmt.Fprintln(stderr, "healthlite probe: --timeout must be more than 0")
		return 1
	}
	ctx, cancel := context.WithTimeout(context.Background(), timeout.d)
	defer cancel()
	var seen []string
	for _, t := range targets {
		if tlsConfig != nil {
			t.scheme = "https"
		}
		code, reason, err := probeOnce(ctx, t, tlsConfig)
		switch {
		case err != nil:
			seen = append(seen, t.host+" "+err.Error())
		case code >= 200 && code <= 299:
			// The reason phrase is the server's text: escaped for the terminal.
			stdout.Write(append(botlog.AppendEscaped(nil, fmt.Sprintf("healthy: %s answered %d %s", t, code, reason)), '\n'))
			return 0
		default:
			seen = append(seen, fmt.Sprintf("%s answered %d %s", t, code, reason))
		}
	}
	stderr.Write(append(botlog.AppendEscaped([]byte("unhealthy: "), strings.Join(seen, "; ")), '\n'))
	return 1
}

// probeTargets turns the flags into the addresses to ask, in order; at most
// one of ports, portFile and rawURL is set.
func probeTargets(ports, portFile, rawURL, host, path string) ([]probeTarget, error) {
	if rawURL != "" {
		u, err := url.Parse(rawURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return nil, fmt.Errorf("--url %q is not an http:// or https:// URL", rawURL)
		}
		p := u.EscapedPath()
		if p == "" {
			p = "/"
		}
		if u.RawQuery != "" {
			p += "?" + u.RawQuery
		}
		if !requestTarget(p) {
			return nil, fmt.Errorf("--url %q has a space or control character in its path or query; percent-encode it (%%20)", rawURL)
		}
		h := u.Host
		if u.Port() == "" {
			if u.Scheme == "https" {
				h = net.JoinHostPort(u.Hostname(), "443")
			} else {
				h = net.JoinHostPort(u.Hostname(), "80")
			}
		}
		return []probeTarget{{scheme: u.Scheme, host: h, path: p}}, nil
	}
	if !strings.HasPrefix(path, "/") {
		return nil, fmt.Errorf("--path %q must start with /", path)
	}
	if !requestTarget(path) {
		return nil, fmt.Errorf("--path %q has a space or control character; percent-encode it (%%20)", path)
	}
	if h, _, err := net.SplitHostPort(net.JoinHostPort(host, "1")); err != nil || h != host || !requestTarget(host) {
		return nil, fmt.Errorf("--host %q is not a host name or IP address", host)
	}
	var list []int
	switch {
	case portFile != "":
		b, err := os.ReadFile(portFile)
		if err != nil {
			return nil, fmt.Errorf("port file: %w", err)
		}
		n, err := strconv.Atoi(strings.TrimSpace(string(b)))
		if err != nil || n < 1 || n > 65535 {
			return nil, fmt.Errorf("port file %s: %q is not a port number", portFile, strings.TrimSpace(string(b)))
		}
		list = []int{n}
	default:
		if ports == "" {
			ports = transport.DefaultPorts
		}
		var err error
		if list, err = transport.ParsePorts(ports); err != nil {
			return nil, libError(err)
		}
	}
	targets := make([]probeTarget, 0, len(list))
	for _, p := range list {
		if p == 0 {
			return nil, errors.New("port 0 cannot be probed; use --port-file with the port serve wrote")
		}
		targets = append(targets, probeTarget{scheme: "http", host: net.JoinHostPort(host, strconv.Itoa(p)), path: path})
	}
	return targets, nil
}

// requestTarget reports whether p can go into the request line probeOnce
// writes: no space or control character that would end the line or forge a
// header.
func requestTarget(p string) bool {
	for i := 0; i < len(p); i++ {
		if p[i] <= ' ' || p[i] == 0x7f {
			return false
		}
	}
	return true
}

// probeOnce sends one GET and returns the status code and reason phrase. It
// speaks just enough HTTP/1.1 to read a status line, which keeps the probe's
// start and run time small.
func probeOnce(ctx context.Context, t probeTarget, cfg *tls.Config) (int, string, error) {
	var d net.Dialer
	conn, err := d.DialContext(ctx, "tcp", t.host)
	if err != nil {
		return 0, "", grpcprobe.DescribeDialError(err)
	}
	defer conn.Close()
	if deadline, ok := ctx.Deadline(); ok {
		conn.SetDeadline(deadline)
	}
	if t.scheme == "https" {
		if cfg == nil {
			cfg = &tls.Config{}
		}
		tc, err := handshake(ctx, conn, cfg, t.host, "http/1.1")
		if err != nil {
			return 0, "", err
		}
		conn = tc
	}
	req := "GET " + t.path + " HTTP/1.1\r\nHost: " + t.host + "\r\nUser-Agent: healthlite-probe\r\nAccept: */*\r\nConnection: close\r\n\r\n"
	if _, err := io.WriteString(conn, req); err != nil {
		return 0, "", fmt.Errorf("send: %v", err)
	}
	line, err := bufio.NewReaderSize(conn, 512).ReadSlice('\n')
	if err != nil {
		if errors.Is(err, os.ErrDeadlineExceeded) {
			return 0, "", errors.New("did not answer in time")
		}
		return 0, "", fmt.Errorf("no answer: %v", err)
	}
	// "HTTP/1.1 200 OK\r\n"
	s := strings.TrimRight(string(line), "\r\n")
	proto, rest, _ := strings.Cut(s, " ")
	codeText, reason, _ := strings.Cut(rest, " ")
	code, err := strconv.Atoi(codeText)
	if !strings.HasPrefix(proto, "HTTP/") || err != nil || code < 100 || code > 999 {
		return 0, "", fmt.Errorf("answered something that is not HTTP: %q", s)
	}
	return code, reason, nil
}
