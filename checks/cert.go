package checks

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"math"
	"os"
	"strconv"
	"time"

	"github.com/healthlite/healthlite/core"
)

// CertOptions configures a certificate expiry check.
type CertOptions struct {
	// WarnDays: the check warns when the certificate expires within this
	// many days. By default 14.
	WarnDays int
	// FailDays: the check fails when the certificate expires within this
	// many days (or has expired). By default 3.
	FailDays int
	// TLS is the client configuration for an endpoint (server name, client
	// certificate). The certificate is read whether or not it verifies:
	// the check is about its expiry. By default none.
	TLS *tls.Config
	// Now is the clock. By default time.Now.
	Now func() time.Time
}

func (o *CertOptions) defaults() {
	if o.WarnDays == 0 {
		o.WarnDays = 14
	}
	if o.FailDays == 0 {
		o.FailDays = 3
	}
	if o.Now == nil {
		o.Now = time.Now
	}
}

// CertEndpoint returns a check of the certificate a TLS server at addr
// ("host:port") presents: it passes while the certificate expires in more
// than WarnDays, warns within WarnDays, fails within FailDays. Its
// message reads "certificate of db.internal:443 (CN=db.internal, serial
// 1f) expires in 41 days (2027-01-12T00:00:00Z)" and Value is the seconds
// until expiry (negative once expired).
func CertEndpoint(addr string, opts CertOptions) core.Checker {
	opts.defaults()
	cfg := &tls.Config{}
	if opts.TLS != nil {
		cfg = opts.TLS.Clone()
	}
	cfg.InsecureSkipVerify = true // the expiry is wanted, even of a certificate that no longer verifies
	return &certCheck{what: addr, opts: opts, read: func(ctx context.Context) (*x509.Certificate, error) {
		d := tls.Dialer{Config: cfg}
		c, err := d.DialContext(ctx, "tcp", addr)
		if err != nil {
			return nil, err
		}
		defer c.Close()
		certs := c.(*tls.Conn).ConnectionState().PeerCertificates
		if len(certs) == 0 {
			return nil, errors.New("no certificate presented")
		}
		return certs[0], nil
	}}
}

// CertFile returns a check of the first certificate in a PEM file, with
// CertEndpoint's statuses, message and Value.
func CertFile(path string, opts CertOptions) core.Checker {
	opts.defaults()
	return &certCheck{what: path, opts: opts, read: func(context.Context) (*x509.Certificate, error) {
		b, err := os.ReadFile(path)
		if err != nil {
			return nil, err
		}
		for {
			var block *pem.Block
			block, b = pem.Decode(b)
			if block == nil {
				return nil, errors.New("no PEM certificate in " + path)
			}
			if block.Type == "CERTIFICATE" {
				return x509.ParseCertificate(block.Bytes)
			}
		}
	}}
}

type certCheck struct {
	what string
	opts CertOptions
	read func(context.Context) (*x509.Certificate, error)
}

func (c *certCheck) Check(ctx context.Context, r *core.Result) {
	start := c.opts.Now()
	cert, err := c.read(ctx)
	if err != nil {
		r.Status = core.StatusFail
		if ctx.Err() != nil {
			r.Message = "certificate of " + c.what + ": " + doneMessage(ctx, start)
		} else {
			r.Message = "certificate of " + c.what + ": " + err.Error()
		}
		return
	}
	left := cert.NotAfter.Sub(c.opts.Now())
	r.Value, r.HasValue = math.Round(left.Seconds()), true
	days := int(math.Floor(left.Hours() / 24))
	msg := "certificate of " + c.what + " (" + cert.Subject.String() + ", serial " + cert.SerialNumber.Text(16) + ") "
	if left <= 0 {
		msg += "expired " + strconv.Itoa(-days-1) + " days ago"
	} else {
		msg += "expires in " + strconv.Itoa(days) + " days"
	}
	msg += " (" + cert.NotAfter.UTC().Format(time.RFC3339) + ")"
	switch {
	case left < time.Duration(c.opts.FailDays)*24*time.Hour:
		r.Status, r.Message = core.StatusFail, msg+", fail-days "+strconv.Itoa(c.opts.FailDays)
	case left < time.Duration(c.opts.WarnDays)*24*time.Hour:
		r.Status, r.Message = core.StatusWarn, msg+", warn-days "+strconv.Itoa(c.opts.WarnDays)
	default:
		r.Status, r.Message = core.StatusPass, msg
	}
}
