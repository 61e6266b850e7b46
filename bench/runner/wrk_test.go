package main

import (
	"strings"
	"testing"
	"time"
)

const wrkClean = `Running 1s test @ http://127.0.0.1:18999/healthz
  1 threads and 64 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency   488.26us  136.70us   3.11ms   88.76%
    Req/Sec   127.77k     6.06k  135.09k    80.00%
  Latency Distribution
     50%  470.00us
     75%  523.00us
     90%  596.00us
     99%    1.01ms
  127128 requests in 1.00s, 17.94MB read
Requests/sec: 127036.57
Transfer/sec:     17.93MB
`

const wrkErrors = `Running 1s test @ http://127.0.0.1:18999/nope
  1 threads and 64 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     3.00ms    2.44ms  13.97ms   76.40%
    Req/Sec    21.69k     8.19k   34.22k    70.00%
  Latency Distribution
     50%    2.01ms
     75%    4.40ms
     90%    6.36ms
     99%    1.50s
  21697 requests in 1.01s, 6.08MB read
  Socket errors: connect 2, read 3, write 0, timeout 7
  Non-2xx or 3xx responses: 21697
Requests/sec:  21529.18
Transfer/sec:      6.04MB
`

func TestParseWrkClean(t *testing.T) {
	r, err := parseWrk(wrkClean)
	if err != nil {
		t.Fatal(err)
	}
	want := wrkResult{Requests: 127128, RPS: 127036.57, P50: 470 * time.Microsecond, P99: 1010 * time.Microsecond}
	if r != want {
		t.Fatalf("got %+v, want %+v", r, want)
	}
	if p := r.problems(); len(p) != 0 {
		t.Fatalf("clean run reported problems: %v", p)
	}
}

func TestParseWrkErrors(t *testing.T) {
	r, err := parseWrk(wrkErrors)
	if err != nil {
		t.Fatal(err)
	}
	if r.SocketErrors != 12 || r.Non2xx != 21697 || r.Requests != 21697 || r.P99 != 1500*time.Millisecond || r.P50 != 2010*time.Microsecond {
		t.Fatalf("got %+v", r)
	}
	p := strings.Join(r.problems(), "; ")
	for _, want := range []string{"12 socket errors (connect 2, read 3, write 0, timeout 7)", "21697 responses with status >= 400"} {
		if !strings.Contains(p, want) {
			t.Errorf("problems %q lack %q", p, want)
		}
	}
}

func TestParseWrkRejects(t *testing.T) {
	for name, tc := range map[string]struct{ in, want string }{
		"empty":        {"", "no request count"},
		"no latency":   {strings.Replace(wrkClean, "     50%  470.00us\n", "", 1), "no latency distribution"},
		"bad unit":     {strings.Replace(wrkClean, "470.00us", "470.00ns", 1), `latency "470.00ns": unknown unit`},
		"bad number":   {strings.Replace(wrkClean, "470.00us", "x70.00us", 1), `latency "x70.00us": not a number of us`},
		"bad socket":   {strings.Replace(wrkErrors, "read 3,", "read three,", 1), "socket errors line"},
		"bad requests": {strings.Replace(wrkClean, "127128 requests", "-5 requests", 1), `request count "-5"`},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := parseWrk(tc.in)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want one containing %q", err, tc.want)
			}
		})
	}
}

func TestProblemsNoRequests(t *testing.T) {
	if p := (wrkResult{}).problems(); len(p) != 1 || p[0] != "no request completed" {
		t.Fatalf("got %v", p)
	}
}

func FuzzParseWrk(f *testing.F) {
	f.Add(wrkClean)
	f.Add(wrkErrors)
	f.Add("Socket errors: connect 1\n1 requests in 1s\nRequests/sec: 1\n50% 1us\n99% 2m\n")
	f.Fuzz(func(t *testing.T, in string) {
		r, err := parseWrk(in)
		if err != nil {
			return
		}
		if r.Requests > 0 && (r.P50 <= 0 || r.P99 <= 0) {
			t.Fatalf("accepted a report with requests and no latency: %+v", r)
		}
		if r.RPS != r.RPS {
			t.Fatalf("NaN requests/sec accepted: %q", in)
		}
	})
}
