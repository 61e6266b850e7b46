package main

import (
	"context"
	"crypto/tls"
	"errors"
	"net"

	"github.com/healthlite/healthlite/checks"
	"github.com/healthlite/healthlite/internal/healthwire"
)

// probeTLS is probe's TLS flags, named as grpc_health_probe names them.
type probeTLS struct {
	onB, insecureB            boolValue
	ca, cert, key, serverName stringValue
}

// addFlags defines --tls, --ca, --cert, --key, --server-name and
// --insecure-skip-verify.
func (p *probeTLS) addFlags(o *options) {
	o.add("tls", "", []string{"HEALTHLITE_PROBE_TLS"}, &p.onB, "speak TLS (HTTPS, or gRPC over TLS) to the ports or --grpc address; implied by an https:// --url and the flags below")
	o.add("ca", "FILE", []string{"HEALTHLITE_PROBE_CA"}, &p.ca, "trust the CAs of this PEM file instead of the system's")
	o.add("cert", "FILE", []string{"HEALTHLITE_PROBE_CERT"}, &p.cert, "present this PEM client certificate")
	o.add("key", "FILE", []string{"HEALTHLITE_PROBE_KEY"}, &p.key, "the PEM key of --cert")
	o.add("server-name", "NAME", []string{"HEALTHLITE_PROBE_SERVER_NAME"}, &p.serverName, "name the server's certificate must hold (default the host asked)")
	o.add("insecure-skip-verify", "", []string{"HEALTHLITE_PROBE_INSECURE_SKIP_VERIFY"}, &p.insecureB, "accept any server certificate, as kubelet's HTTPS probes do")
}

// enabled reports whether TLS was asked for, by --tls or a TLS flag.
func (p *probeTLS) enabled() bool {
	return p.onB.b || p.insecureB.b || p.ca.s != "" || p.cert.s != "" || p.key.s != "" || p.serverName.s != ""
}

// config returns the client configuration, reading the files.
func (p *probeTLS) config() (*tls.Config, error) {
	return checks.TLSOptions{CA: p.ca.s, Cert: p.cert.s, Key: p.key.s, ServerName: p.serverName.s, InsecureSkipVerify: p.insecureB.b}.Config()
}

// handshake runs a client handshake on conn for host (host:port), with
// cfg, offering protos by ALPN; a certificate error reads on one line.
func handshake(ctx context.Context, conn net.Conn, cfg *tls.Config, host string, protos ...string) (*tls.Conn, error) {
	cfg = cfg.Clone()
	if cfg.ServerName == "" {
		cfg.ServerName, _, _ = net.SplitHostPort(host)
	}
	cfg.NextProtos = protos
	tc := tls.Client(conn, cfg)
	if err := tc.HandshakeContext(ctx); err != nil {
		if text, ok := checks.TLSErrorText(err, cfg.ServerName); ok {
			return nil, errors.New("TLS handshake: " + text)
		}
		return nil, errors.New("TLS handshake: " + err.Error())
	}
	return tc, nil
}

// grpcCheckTLS is healthwire.Check over TLS, ALPN "h2" (as gRPC clients
// and kubelet's gRPC probes in TLS mode do).
func grpcCheckTLS(ctx context.Context, addr, service string, cfg *tls.Config) (healthwire.Status, error) {
	var d net.Dialer
	nc, err := d.DialContext(ctx, "tcp", addr)
	if err != nil {
		return 0, err
	}
	defer nc.Close()
	tc, err := handshake(ctx, nc, cfg, addr, "h2")
	if err != nil {
		return 0, err
	}
	return healthwire.CheckOn(ctx, tc, addr, service, "https")
}
