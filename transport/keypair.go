package transport

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"log/slog"
	"sync/atomic"
	"time"
)

// KeyPair is a TLS certificate and key (PEM, RSA or ECDSA) read from two
// files and read again when they change: cert-manager and Kubernetes
// secrets replace them in place by a symlink swap. Its GetCertificate
// gives each new handshake the pair in use; connections already open keep
// theirs. A changed pair that does not load (a key that does not match,
// a half-written file) is logged once and the pair in use stays.
type KeyPair struct {
	certFile, keyFile string
	log               *slog.Logger
	cur               atomic.Pointer[tls.Certificate]
	r                 reloader
}

// LoadKeyPair reads the certificate and key files. log receives the
// reloads (INFO) and the pairs kept out (WARN); by default slog.Default().
func LoadKeyPair(certFile, keyFile string, log *slog.Logger) (*KeyPair, error) {
	log = orDefault(log)
	k := &KeyPair{certFile: certFile, keyFile: keyFile, log: log}
	k.r = reloader{
		paths: []string{certFile, keyFile},
		apply: k.apply,
		rejected: func(err error) {
			log.Warn("Kept the TLS certificate in use: " + certFile + " and " + keyFile + " do not load: " + err.Error())
		},
	}
	if err := k.r.start(); err != nil {
		return nil, err
	}
	return k, nil
}

func (k *KeyPair) apply(c [][]byte) error {
	pair, err := tls.X509KeyPair(c[0], c[1])
	if err != nil {
		return err
	}
	if pair.Leaf == nil {
		if pair.Leaf, err = x509.ParseCertificate(pair.Certificate[0]); err != nil {
			return err
		}
	}
	if k.cur.Swap(&pair) != nil {
		k.log.Info("Loaded a new TLS certificate from " + k.certFile + ": " + Describe(pair.Leaf))
	}
	return nil
}

// Describe names a certificate in a log line: its subject, serial number
// and expiry.
func Describe(c *x509.Certificate) string {
	return "subject " + c.Subject.String() + ", serial " + c.SerialNumber.Text(16) + ", expires " + c.NotAfter.UTC().Format(time.RFC3339)
}

// Certificate returns the pair in use.
func (k *KeyPair) Certificate() *tls.Certificate { return k.cur.Load() }

// GetCertificate is for tls.Config.GetCertificate: the pair in use.
func (k *KeyPair) GetCertificate(*tls.ClientHelloInfo) (*tls.Certificate, error) {
	if c := k.cur.Load(); c != nil {
		return c, nil
	}
	return nil, errors.New("healthlite: no TLS certificate")
}

// Watch reads the files every interval (ReloadInterval when 0) until ctx
// ends, and puts a changed pair in use when it loads.
func (k *KeyPair) Watch(ctx context.Context, every time.Duration) {
	if every <= 0 {
		every = ReloadInterval
	}
	k.r.watch(ctx, every)
}
