package transport

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"os"
)

// ServerTLS returns the TLS configuration both transports serve HTTPS
// with: TLS 1.2 at least, Go's default cipher suites, the certificate from
// kp on each handshake. With clientCAs, a client may present a
// certificate, which must then be signed by one of them
// (tls.VerifyClientCertIfGiven); clients presenting none are served too.
// The servers add the ALPN protocols.
func ServerTLS(kp *KeyPair, clientCAs *x509.CertPool) *tls.Config {
	cfg := &tls.Config{
		MinVersion:     tls.VersionTLS12,
		GetCertificate: kp.GetCertificate,
	}
	if clientCAs != nil {
		cfg.ClientCAs = clientCAs
		cfg.ClientAuth = tls.VerifyClientCertIfGiven
	}
	return cfg
}

// LoadCertPool reads a PEM file of CA certificates.
func LoadCertPool(file string) (*x509.CertPool, error) {
	b, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(b) {
		return nil, errors.New("no PEM certificate in " + file)
	}
	return pool, nil
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
