package checks

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"net/url"
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
	if opts.Client == nil {
		opts.Client = defaultClient
	}
	return &httpCheck{url: url, opts: opts, prefix: "GET " + url + ": "}
}

type httpCheck struct {
	url    string
	opts   HTTPOptions
	prefix string
}

func (c *httpCheck) Check(ctx context.Context, r *core.Result) {
	start := time.Now()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.url, nil)
	if err != nil {
		r.Status, r.Message = core.StatusFail, c.prefix+errorText(err)
		return
	}
	req.Header.Set("User-Agent", "healthlite")
	resp, err := c.opts.Client.Do(req)
	if err != nil {
		r.Status = core.StatusFail
		if ctx.Err() != nil {
			r.Message = c.prefix + doneMessage(ctx, start)
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
	if ue, ok := errors.AsType[*url.Error](err); ok {
		return ue.Err.Error()
	}
	return err.Error()
}
