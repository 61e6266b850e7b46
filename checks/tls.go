package checks

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"net"
	"os"
)

// TLSOptions says how a check speaks TLS to a server: which CAs it
// trusts, which certificate it presents, which name it expects. The zero
// value trusts the system's CAs and presents none.
type TLSOptions struct {
	// CA is a PEM file of the CAs to trust instead of the system's.
	CA string
	// Cert and Key are PEM files of a client certificate and its key.
	Cert, Key string
	// ServerName is the name the server's certificate must hold, and the
	// SNI sent. By default the host of the address checked.
	ServerName string
	// InsecureSkipVerify accepts any certificate (as kubelet's HTTPS
	// probes do).
	InsecureSkipVerify bool
}

// Config reads the files and returns the client configuration, or an
// error naming the file at fault.
func (o TLSOptions) Config() (*tls.Config, error) {
	cfg := &tls.Config{ServerName: o.ServerName, InsecureSkipVerify: o.InsecureSkipVerify}
	if o.CA != "" {
		b, err := os.ReadFile(o.CA)
		if err != nil {
			return nil, err
		}
		cfg.RootCAs = x509.NewCertPool()
		if !cfg.RootCAs.AppendCertsFromPEM(b) {
			return nil, errors.New("no PEM certificate in " + o.CA)
		}
	}
	if (o.Cert == "") != (o.Key == "") {
		return nil, errors.New("cert and key go together")
	}
	if o.Cert != "" {
		pair, err := tls.LoadX509KeyPair(o.Cert, o.Key)
		if err != nil {
			return nil, errors.New(o.Cert + ", " + o.Key + ": " + err.Error())
		}
		cfg.Certificates = []tls.Certificate{pair}
	}
	return cfg, nil
}

// TLSErrorText returns a certificate error on one line, naming the server
// name it was checked against:
//
//	x509: certificate signed by unknown authority (server-name db.internal)
//
// and ok false for errors of another kind. serverName is the configured
// one, or else the host that was dialled.
func TLSErrorText(err error, serverName string) (string, bool) {
	var (
		verify   *tls.CertificateVerificationError
		unknown  x509.UnknownAuthorityError
		hostname x509.HostnameError
		invalid  x509.CertificateInvalidError
	)
	switch {
	case errors.As(err, &verify):
		err = verify.Err
	case errors.As(err, &unknown):
		err = unknown
	case errors.As(err, &hostname):
		err = hostname
	case errors.As(err, &invalid):
		err = invalid
	default:
		return "", false
	}
	if h, _, splitErr := net.SplitHostPort(serverName); splitErr == nil {
		serverName = h
	}
	return err.Error() + " (server-name " + serverName + ")", true
}
