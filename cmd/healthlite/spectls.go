package main

import (
	"cmp"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/healthlite/healthlite/checks"
	"github.com/healthlite/healthlite/core"
	"github.com/healthlite/healthlite/core/metrics"
)

// webSpec is what http and cert checks take besides the common keys: TLS
// (ca=, cert=, key=, server-name=, insecure-skip-verify), the request
// (method=, header=Name:Value) and the expiry thresholds (warn-days=,
// fail-days=).
type webSpec struct {
	tls      checks.TLSOptions
	tlsSet   bool
	method   string
	header   http.Header
	warnDays int
	failDays int
}

// insecureFlag is the one option written without a value.
const insecureFlag = "insecure-skip-verify"

// set takes key=val when it is one of webSpec's keys for kind.
func (w *webSpec) set(kind, key, val string) (bool, error) {
	if kind != "http" && kind != "cert" {
		return false, nil
	}
	switch key {
	case "ca":
		if kind == "cert" {
			return false, nil // the expiry is read whoever signed the certificate
		}
		w.tls.CA, w.tlsSet = val, true
	case "cert":
		w.tls.Cert, w.tlsSet = val, true
	case "key":
		w.tls.Key, w.tlsSet = val, true
	case "server-name":
		w.tls.ServerName, w.tlsSet = val, true
	case insecureFlag:
		if kind == "cert" {
			return false, nil
		}
		b, ok := parseBool(val)
		if !ok {
			return true, optionError(key, val, errors.New("want true or false, or the key alone"))
		}
		w.tls.InsecureSkipVerify, w.tlsSet = b, true
	case "method":
		if kind != "http" || !isToken(val) {
			return kind == "http", optionError(key, val, errors.New("want a method such as GET, HEAD or POST"))
		}
		w.method = val
	case "header":
		if kind != "http" {
			return false, nil
		}
		name, value, ok := strings.Cut(val, ":")
		value = strings.TrimSpace(value)
		if !ok || !isToken(name) || strings.ContainsAny(value, "\r\n\x00") {
			return true, optionError(key, val, errors.New("want Name:Value"))
		}
		if w.header == nil {
			w.header = http.Header{}
		}
		w.header.Add(name, value)
	case "warn-days", "fail-days":
		if kind != "cert" {
			return false, nil
		}
		n, err := strconv.Atoi(val)
		if err != nil || n <= 0 {
			return true, optionError(key, val, errors.New("want a positive whole number of days"))
		}
		if key == "warn-days" {
			w.warnDays = n
		} else {
			w.failDays = n
		}
	default:
		return false, nil
	}
	return true, nil
}

// validate finds mistakes involving the target or several keys, and
// reads the files named (so that a missing one is an error at start).
func (w *webSpec) validate(kind, target string) error {
	if (w.tls.Cert == "") != (w.tls.Key == "") {
		return errors.New("cert= and key= go together")
	}
	if kind == "http" && w.tlsSet && !strings.HasPrefix(target, "https://") {
		return fmt.Errorf("ca=, cert=, key=, server-name= and insecure-skip-verify need an https:// URL, not %q", target)
	}
	if warn, fail := cmp.Or(w.warnDays, 14), cmp.Or(w.failDays, 3); kind == "cert" && fail > warn {
		return fmt.Errorf("fail-days=%d is more than warn-days=%d", fail, warn)
	}
	if w.tlsSet {
		if _, err := w.tls.Config(); err != nil {
			return printableErr(err)
		}
	}
	return nil
}

// printableErr returns err, quoted when its text (a file name from the spec)
// holds a control or non-printable character.
func printableErr(err error) error {
	for _, r := range err.Error() {
		if !strconv.IsPrint(r) || r == utf8.RuneError {
			return errors.New(strconv.Quote(err.Error()))
		}
	}
	return err
}

// tlsConfig is the client configuration for the check, nil when no TLS
// key was given.
func (w *webSpec) tlsConfig() *tls.Config {
	if !w.tlsSet {
		return nil
	}
	cfg, err := w.tls.Config()
	if err != nil {
		return nil // validate read the files already; a later failure shows in the check's errors
	}
	return cfg
}

// certIsEndpoint reports whether a cert check's target is HOST:PORT
// rather than a PEM file.
func certIsEndpoint(target string) bool {
	host, port, err := net.SplitHostPort(target)
	if err != nil || host == "" || strings.ContainsAny(host, "/") {
		return false
	}
	n, err := strconv.Atoi(port)
	return err == nil && n > 0 && n < 65536
}

// isToken reports whether s is an HTTP token (a method, a header name).
func isToken(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("!#$%&'*+-.^_`|~", c) >= 0) {
			return false
		}
	}
	return true
}

// certExpiryFamily is the cert checks' expiry metric.
const certExpiryFamily = "healthlite_cert_expiry_seconds"

// certCheck builds a cert check whose expiry is exported as
// healthlite_cert_expiry_seconds{check="NAME"}.
func certCheck(reg *metrics.Registry, name string, sp *checkSpec) (core.Checker, error) {
	opts := checks.CertOptions{WarnDays: sp.web.warnDays, FailDays: sp.web.failDays, TLS: sp.web.tlsConfig()}
	var c core.Checker
	if certIsEndpoint(sp.target) {
		c = checks.CertEndpoint(sp.target, opts)
	} else {
		c = checks.CertFile(sp.target, opts)
	}
	g, err := reg.NewGauge(certExpiryFamily, "Seconds until the certificate a cert check reads expires (negative once expired).", "check", name)
	if err != nil {
		return nil, err
	}
	return &valueCheck{c: c, g: g}, nil
}
