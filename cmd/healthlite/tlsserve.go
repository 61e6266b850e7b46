package main

import (
	"context"
	"crypto/tls"
	"errors"
	"log/slog"

	"github.com/healthlite/healthlite/transport"
)

// tlsServe is serve's TLS and details authentication: the flags, then
// what load made of them.
type tlsServe struct {
	cert, key, clientCA, tokenFile stringValue

	config *tls.Config      // nil: plain HTTP
	token  *transport.Token // nil: no token
}

// addFlags defines --tls-cert, --tls-key, --client-ca and
// --details-token-file.
func (t *tlsServe) addFlags(o *options) {
	o.add("tls-cert", "FILE", []string{"HEALTHLITE_TLS_CERT"}, &t.cert, "serve HTTPS (and gRPC over TLS) with this PEM certificate chain; reloaded when it changes")
	o.add("tls-key", "FILE", []string{"HEALTHLITE_TLS_KEY"}, &t.key, "the PEM private key (RSA or ECDSA) of --tls-cert; reloaded with it")
	o.add("client-ca", "FILE", []string{"HEALTHLITE_CLIENT_CA"}, &t.clientCA, "clients presenting a certificate signed by a CA of this PEM file see details (mTLS); others are still served; reloaded when it changes")
	o.add("details-token-file", "FILE", []string{"HEALTHLITE_DETAILS_TOKEN_FILE"}, &t.tokenFile, "clients sending Authorization: Bearer with the token in this file see details; reloaded when it changes")
}

// check finds flags that need others.
func (t *tlsServe) check() error {
	switch {
	case (t.cert.s == "") != (t.key.s == ""):
		return errors.New("--tls-cert and --tls-key go together")
	case t.clientCA.s != "" && t.cert.s == "":
		return errors.New("--client-ca needs HTTPS: add --tls-cert and --tls-key")
	}
	return nil
}

// load reads the files, and keeps reading them for changes until ctx
// ends. Its error is one line naming the flag.
func (t *tlsServe) load(ctx context.Context, log *slog.Logger) error {
	if t.cert.s != "" {
		kp, err := transport.LoadKeyPair(t.cert.s, t.key.s, log)
		if err != nil {
			return errors.New("--tls-cert " + t.cert.s + " --tls-key " + t.key.s + ": " + err.Error())
		}
		var cas *transport.ClientCAs
		if t.clientCA.s != "" {
			if cas, err = transport.LoadClientCAs(t.clientCA.s, log); err != nil {
				return errors.New("--client-ca: " + err.Error())
			}
		}
		t.config = transport.ServerTLS(kp, cas)
		if cas != nil {
			go cas.Watch(ctx, 0)
		}
		go kp.Watch(ctx, 0)
		log.Info("Serving HTTPS with " + transport.Describe(kp.Certificate().Leaf))
	}
	if t.tokenFile.s != "" {
		tok, err := transport.LoadToken(t.tokenFile.s, log)
		if err != nil {
			return errors.New("--details-token-file " + t.tokenFile.s + ": " + err.Error())
		}
		t.token = tok
		go tok.Watch(ctx, 0)
		if t.config == nil {
			log.Warn("--details-token-file without --tls-cert: the token travels in clear unless a proxy in front adds TLS")
		}
	}
	return nil
}
