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

// ClientCAs is a PEM file of CA certificates that client certificates
// are verified against (--client-ca), read again when it changes, as
// KeyPair's files are. New handshakes verify against the CAs in use;
// connections already open keep what they were verified with. A changed
// file that holds no certificate is logged once and the CAs in use stay.
type ClientCAs struct {
	base *tls.Config                // ServerTLS's configuration, without the CAs
	cur  atomic.Pointer[tls.Config] // base with the CAs in use
	r    reloader
}

// LoadClientCAs reads file. log receives the files kept out (WARN) and
// the reloads (INFO); by default slog.Default().
func LoadClientCAs(file string, log *slog.Logger) (*ClientCAs, error) {
	log = orDefault(log)
	c := &ClientCAs{}
	c.r = reloader{
		paths: []string{file},
		apply: func(b [][]byte) error {
			pool := x509.NewCertPool()
			if !pool.AppendCertsFromPEM(b[0]) {
				return errors.New("no PEM certificate in " + file)
			}
			if c.Pool() != nil {
				log.Info("Loaded new client CAs from " + file)
			}
			c.use(pool)
			return nil
		},
		rejected: func(err error) {
			log.Warn("Kept the client CAs in use: " + err.Error())
		},
	}
	if err := c.r.start(); err != nil {
		return nil, err
	}
	return c, nil
}

// use puts pool in use, in a configuration derived from base once
// ServerTLS has set it.
func (c *ClientCAs) use(pool *x509.CertPool) {
	cfg := &tls.Config{ClientCAs: pool}
	if c.base != nil {
		cfg = c.base.Clone()
		cfg.ClientCAs = pool
		cfg.ClientAuth = tls.VerifyClientCertIfGiven
	}
	c.cur.Store(cfg)
}

// Pool returns the CAs in use.
func (c *ClientCAs) Pool() *x509.CertPool {
	if cfg := c.cur.Load(); cfg != nil {
		return cfg.ClientCAs
	}
	return nil
}

// configForClient is for tls.Config.GetConfigForClient.
func (c *ClientCAs) configForClient(*tls.ClientHelloInfo) (*tls.Config, error) {
	return c.cur.Load(), nil
}

// Watch reads the file every interval (ReloadInterval when 0) until ctx
// ends, and puts changed CAs in use when the file holds some. Start it
// after ServerTLS.
func (c *ClientCAs) Watch(ctx context.Context, every time.Duration) {
	if every <= 0 {
		every = ReloadInterval
	}
	c.r.watch(ctx, every)
}
