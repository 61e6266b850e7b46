package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"time"
)

const maintIntro = `Usage: healthlite maint on [REASON…] | off | status --push ADDR

Switches maintenance mode of a running "healthlite serve" through its push
API: "on" takes the service out of rotation (/readyz fails with
"[-]maintenance: REASON", the HAProxy agent answers "maint", the health file
is removed) while liveness is unaffected; "off" puts it back; "status" shows
it. With serve --state-file the switch survives restarts.

Examples:
  healthlite maint on kernel upgrade, back at 14:00 --push 127.0.0.1:9901
  healthlite maint off --push unix:/run/healthlite/push.sock
  healthlite maint status --push 127.0.0.1:9901

Exit status: 0 done, 1 the server could not be reached or refused, 2 bad usage.`

// runMaint implements "healthlite maint".
func runMaint(args []string, stdout, stderr io.Writer) int {
	o := newOptions("maint", maintIntro)
	push := &pushClientValue{}
	timeout := &durationValue{d: 5 * time.Second}
	o.add("push", "ADDR", []string{"HEALTHLITE_PUSH"}, push, "the push API of the server: 127.0.0.1:PORT, [::1]:PORT or unix:PATH")
	o.add("timeout", "DURATION", []string{"HEALTHLITE_MAINT_TIMEOUT"}, timeout, "give up after this long")
	words, err := parseInterspersed(o, args, stdout, stderr)
	if err != nil {
		if errors.Is(err, errUsage) {
			return 2
		}
		return 0 // --help
	}
	if len(words) == 0 {
		o.fail(stderr, "want on [REASON], off or status")
		return 2
	}
	method := ""
	switch words[0] {
	case "on":
		method = http.MethodPost
	case "off":
		method = http.MethodDelete
	case "status":
		method = http.MethodGet
	default:
		o.fail(stderr, "unknown action %q (want on [REASON], off or status)", words[0])
		return 2
	}
	if words[0] != "on" && len(words) > 1 {
		o.fail(stderr, "unexpected argument %q after %s", words[1], words[0])
		return 2
	}
	if push.addr == nil {
		o.fail(stderr, "--push is required: the push API address of the server (serve --push)")
		return 2
	}
	code, body, err := maintRequest(*push.addr, method, strings.Join(words[1:], " "), timeout.d)
	if err != nil {
		fmt.Fprintf(stderr, "healthlite maint: cannot reach the push API at %s: %v\n", push.String(), err)
		return 1
	}
	if code != http.StatusOK {
		fmt.Fprintf(stderr, "healthlite maint: %s answered %d: %s\n", push.String(), code, body)
		return 1
	}
	fmt.Fprintln(stdout, body)
	return 0
}

// parseInterspersed parses args in which flags and words may come in any
// order ("on kernel upgrade --push ADDR"), then the environment, and
// returns the words.
func parseInterspersed(o *options, args []string, stdout, stderr io.Writer) ([]string, error) {
	var words []string
	for {
		if err := o.fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				o.usage(stdout)
				return nil, err
			}
			return nil, o.fail(stderr, "%s", flagSyntax.Replace(err.Error()))
		}
		args = o.fs.Args()
		if len(args) == 0 {
			break
		}
		words = append(words, args[0])
		args = args[1:]
	}
	return words, o.parse(nil, stdout, stderr)
}

// maintRequest sends one request to the push API's /maintenance and returns
// the status and the reply's text.
func maintRequest(a pushAddr, method, reason string, timeout time.Duration) (int, string, error) {
	host := a.addr
	tr := &http.Transport{Proxy: nil, DisableKeepAlives: true}
	if a.network == "unix" {
		host = "localhost"
		tr.DialContext = func(ctx context.Context, _, _ string) (net.Conn, error) {
			var d net.Dialer
			return d.DialContext(ctx, "unix", a.addr)
		}
	}
	req, err := http.NewRequest(method, "http://"+host+"/maintenance", strings.NewReader(reason))
	if err != nil {
		return 0, "", err
	}
	req.Header.Set("Content-Type", "text/plain; charset=utf-8")
	resp, err := (&http.Client{Timeout: timeout, Transport: tr}).Do(req)
	if err != nil {
		return 0, "", err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	if err != nil {
		return 0, "", err
	}
	return resp.StatusCode, strings.TrimSpace(string(b)), nil
}
