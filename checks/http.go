package checks

import (
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"io"
	"net/http"
	neturl "net/url"
	"strconv"
	"time"

	"github.com/healthlite/healthlite/core"
)

// HTTPOptions configures an HTTP check. The zero value is a plain GET that
// passes on 200-399.
type HTTPOptions struct {
	// Expect lists the status codes that pass (see ParseStatusRanges).
	// By default 200-399.
	Expect StatusRanges
	// Contains, when set, must appear in the first MaxBody bytes of the
	// response body for the check to pass. By default the body is not
	// inspected.
	Contains string
	// MaxBody caps how much of the body is read when looking for Contains.
	// By default 64 KiB.
	MaxBody int
	// Method is the request's method. By default GET.
	Method string
	// Header holds extra request headers; a "Host" entry sets the Host
	// header. By default only User-Agent: healthlite.
	Header http.Header
	// TLS, for an https:// URL, says which CAs to trust, which client
	// certificate to present and which server name to expect; used when
	// Client is nil. By default the system's CAs and no certificate.
	TLS *tls.Config
	// Client sends the request. By default a client that does not follow
	// redirects, uses no proxy and opens a fresh connection for every check
	// (as a Kubernetes probe does), so a server that can no longer accept
	// connections is noticed.
	Client *http.Client
}

// defaultClient is shared by HTTP checks whose options name no client.
var defaultClient = &http.Client{
	Transport: &http.Transport{
		Proxy:             nil,
		DisableKeepAlives: true,
	},
	CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
}

const defaultMaxBody = 64 << 10

// tlsClient is defaultClient speaking TLS with cfg.
func tlsClient(cfg *tls.Config) *http.Client {
	return &http.Client{
		Transport: &http.Transport{
			Proxy:             nil,
			DisableKeepAlives: true,
			TLSClientConfig:   cfg,
		},
		CheckRedirect: defaultClient.CheckRedirect,
	}
}

// HTTP returns a check that GETs url and passes when the response status is
// in opts.Expect (and the body holds opts.Contains, if set). Its message reads
// "GET http://127.0.0.1:8080/ready: 503 Service Unavailable in 3ms" and
// Value is the latency in seconds.
//
// An invalid URL is reported by every run of the check, as a failure.
func HTTP(url string, opts HTTPOptions) core.Checker {
	if opts.Expect == nil {
		opts.Expect = DefaultStatusRanges
	}
	if opts.MaxBody <= 0 {
		opts.MaxBody = defaultMaxBody
	}
	if opts.Method == "" {
		opts.Method = http.MethodGet
	}
	if opts.Client == nil && opts.TLS != nil {
		opts.Client = tlsClient(opts.TLS)
	}
	if opts.Client == nil {
		opts.Client = defaultClient
	}
	c := &httpCheck{url: url, opts: opts, prefix: opts.Method + " " + url + ": "}
	if opts.TLS != nil {
		c.serverName = opts.TLS.ServerName
	}
	if c.serverName == "" {
		if u, err := neturl.Parse(url); err == nil {
			c.serverName = u.Hostname()
		}
	}
	return c
}

type httpCheck struct {
	url        string
	opts       HTTPOptions
	prefix     string
	serverName string // for certificate errors
}

func (c *httpCheck) Check(ctx context.Context, r *core.Result) {
	start := time.Now()
	req, err := http.NewRequestWithContext(ctx, c.opts.Method, c.url, nil)
	if err != nil {
		r.Status, r.Message = core.StatusFail, c.prefix+errorText(err)
		return
	}
	req.Header.Set("User-Agent", "healthlite")
	for k, vs := range c.opts.Header {
		if http.CanonicalHeaderKey(k) == "Host" && len(vs) > 0 {
			req.Host = vs[0]
			continue
		}
		req.Header[http.CanonicalHeaderKey(k)] = vs
	}
	resp, err := c.opts.Client.Do(req)
	if err != nil {
		r.Status = core.StatusFail
		if ctx.Err() != nil {
			r.Message = c.prefix + doneMessage(ctx, start)
		} else if text, ok := TLSErrorText(err, c.serverName); ok {
			r.Message = c.prefix + text
		} else {
			r.Message = c.prefix + errorText(err)
		}
		return
	}
	defer resp.Body.Close()
	var found bool
	if c.opts.Contains != "" {
		body, err := io.ReadAll(io.LimitReader(resp.Body, int64(c.opts.MaxBody)))
		if err != nil {
			r.Status = core.StatusFail
			if ctx.Err() != nil {
				r.Message = c.prefix + resp.Status + ", body: " + doneMessage(ctx, start)
			} else {
				r.Message = c.prefix + resp.Status + ", body: " + errorText(err)
			}
			return
		}
		found = bytes.Contains(body, []byte(c.opts.Contains))
	}
	elapsed := time.Since(start)
	r.Value, r.HasValue = elapsed.Seconds(), true
	msg := c.prefix + resp.Status + " in " + round(elapsed).String()
	switch {
	case !c.opts.Expect.Contains(resp.StatusCode):
		r.Status, r.Message = core.StatusFail, msg+", want "+c.opts.Expect.String()
	case c.opts.Contains != "" && !found:
		r.Status = core.StatusFail
		r.Message = msg + ", body lacks " + strconv.Quote(c.opts.Contains)
	default:
		r.Status, r.Message = core.StatusPass, msg
	}
}

// errorText drops the `Get "URL":` wrapper from client errors: the message
// already starts with the method and URL.
func errorText(err error) string {
	if ue, ok := errors.AsType[*neturl.Error](err); ok {
		return ue.Err.Error()
	}
	return err.Error()
}
