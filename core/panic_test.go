//go:build !tinygo

// TinyGo cannot recover from panics on WebAssembly, so this test runs only
// with the Go toolchain (GOOS=wasip1 included).

package core

import (
	"context"
	"errors"
	"strings"
	"testing"
)

func TestPanicIsReportedAsFailure(t *testing.T) {
	h, _ := newTestHealth(t, Options{})
	h.Register(CheckConfig{Name: "str", Check: CheckFunc(func(context.Context, *Result) { panic("boom") })})
	h.Register(CheckConfig{Name: "err", Check: CheckFunc(func(context.Context, *Result) { panic(errors.New("bad state")) })})
	h.Register(CheckConfig{Name: "int", Check: CheckFunc(func(context.Context, *Result) { panic(7) })})
	h.Register(CheckConfig{Name: "other", Check: CheckFunc(func(context.Context, *Result) { panic(struct{}{}) })})
	h.Register(CheckConfig{Name: "stringer", Check: CheckFunc(func(context.Context, *Result) { panic(PhaseDraining) })})
	h.Start(context.Background())
	defer h.Stop()
	want := map[string]string{"str": "panic: boom", "err": "panic: bad state", "int": "panic: 7",
		"other": "panic: (a value that is not a string or an error)", "stringer": "panic: draining"}
	for name, msg := range want {
		waitFor(t, name+" to fail", func() bool { return state(t, h, name).Status == StatusFail })
		if got := state(t, h, name).Message; got != msg {
			t.Errorf("%s: message %q, want %q", name, got, msg)
		}
	}
}

func TestUnusableStatusCodePanics(t *testing.T) {
	for _, o := range []Options{{FailingCode: 404}, {PassingCode: 42}, {FailingCode: 600}, {PassingCode: 405}} {
		func() {
			defer func() {
				if r := recover(); r == nil || !strings.Contains(r.(string), "not a usable HTTP status") {
					t.Errorf("New(%+v) did not panic with a clear message: %v", o, r)
				}
			}()
			New(o)
		}()
	}
}

// TestErrorFunc: nil passes, an error fails with its text.
func TestErrorFunc(t *testing.T) {
	for _, c := range []struct {
		err  error
		want Result
	}{
		{nil, Result{Status: StatusPass}},
		{errors.New("connection refused"), Result{Status: StatusFail, Message: "connection refused"}},
	} {
		var r Result
		ErrorFunc(func(context.Context) error { return c.err }).Check(context.Background(), &r)
		if r != c.want {
			t.Errorf("error %v: %+v, want %+v", c.err, r, c.want)
		}
	}
}
