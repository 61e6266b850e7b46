package transport

import (
	"crypto/tls"
	"sync/atomic"
)

// ServerTLS returns the TLS configuration both transports serve HTTPS
// with: TLS 1.2 at least, Go's default cipher suites, the certificate from
// kp on each handshake. With clientCAs, a client may present a
// certificate, which must then be signed by one of the CAs in use at its
// handshake (tls.VerifyClientCertIfGiven); clients presenting none are
// served too. clientCAs belongs to this configuration alone. The servers
// add the ALPN protocols with ServingTLS.
func ServerTLS(kp *KeyPair, clientCAs *ClientCAs) *tls.Config {
	cfg := &tls.Config{
		MinVersion:     tls.VersionTLS12,
		GetCertificate: kp.GetCertificate,
	}
	if clientCAs != nil {
		clientCAs.base = cfg.Clone()
		clientCAs.use(clientCAs.Pool())
		cfg.ClientCAs = clientCAs.Pool()
		cfg.ClientAuth = tls.VerifyClientCertIfGiven
		cfg.GetConfigForClient = clientCAs.configForClient
	}
	return cfg
}

// ServingTLS returns a copy of cfg that offers protos by ALPN, and so do
// the configurations its GetConfigForClient returns (ServerTLS's, when the
// client CAs are reloaded).
func ServingTLS(cfg *tls.Config, protos ...string) *tls.Config {
	cfg = cfg.Clone()
	cfg.NextProtos = protos
	if get := cfg.GetConfigForClient; get != nil {
		type derived struct{ from, to *tls.Config }
		var last atomic.Pointer[derived]
		cfg.GetConfigForClient = func(hello *tls.ClientHelloInfo) (*tls.Config, error) {
			from, err := get(hello)
			if from == nil || err != nil {
				return from, err
			}
			if d := last.Load(); d != nil && d.from == from {
				return d.to, nil
			}
			to := from.Clone()
			to.NextProtos = protos
			last.Store(&derived{from, to})
			return to, nil
		}
	}
	return cfg
}

// PlainHTTPAnswer is what a client that sends plain HTTP to a TLS port is
// answered, as net/http does, before the connection is closed.
const PlainHTTPAnswer = "HTTP/1.0 400 Bad Request\r\n\r\nClient sent an HTTP request to an HTTPS server.\n"

// LooksLikeHTTP reports whether the five bytes a TLS record header should
// be in are the start of a plain HTTP request.
func LooksLikeHTTP(hdr [5]byte) bool {
	switch string(hdr[:]) {
	case "GET /", "HEAD ", "POST ", "PUT /", "OPTIO", "DELET", "PATCH":
		return true
	}
	return false
}
