package checks

import (
	"slices"
	"strconv"
	"testing"

	"github.com/healthlite/healthlite/core"
)

func TestExecExitCodes(t *testing.T) {
	tests := []struct {
		code   int
		status core.Status
	}{{0, core.StatusPass}, {1, core.StatusWarn}, {2, core.StatusFail}, {3, core.StatusUnknown}, {99, core.StatusUnknown}}
	for _, tt := range tests {
		t.Run(strconv.Itoa(tt.code), func(t *testing.T) {
			script := `echo "QUEUE $1 - depth $1 | 'queue depth'=$1;5;10;0 other=7"; echo "long text | late=1"; exit $1`
			r := run(t, Exec([]string{"sh", "-c", script, "sh", strconv.Itoa(tt.code)}))
			want := "QUEUE " + strconv.Itoa(tt.code) + " - depth " + strconv.Itoa(tt.code)
			if r.Status != tt.status || r.Message != want {
				t.Errorf("got %v %q, want %v %q", r.Status, r.Message, tt.status, want)
			}
			if !r.HasValue || r.Value != float64(tt.code) {
				t.Errorf("value = %v (has %v), want the first perfdata value %d", r.Value, r.HasValue, tt.code)
			}
		})
	}
}

func TestExecMessages(t *testing.T) {
	tests := []struct {
		name   string
		argv   []string
		status core.Status
		msg    string
	}{
		{"no perfdata, no value", []string{"sh", "-c", "echo OK"}, core.StatusPass, "OK"},
		{"stderr when stdout is empty", []string{"sh", "-c", "echo 'db: connection refused' >&2; exit 2"}, core.StatusFail, "db: connection refused"},
		{"exit status when silent", []string{"sh", "-c", "exit 3"}, core.StatusUnknown, "exit status 3"},
		{"killed by a signal", []string{"sh", "-c", "kill -9 $$"}, core.StatusUnknown, "signal: killed"},
		{"not in PATH", []string{"healthlite-no-such-plugin"}, core.StatusUnknown, `exec: "healthlite-no-such-plugin": executable file not found in $PATH`},
		{"missing path", []string{"/nonexistent/check_x"}, core.StatusUnknown, "fork/exec /nonexistent/check_x: no such file or directory"},
		{"empty command", nil, core.StatusUnknown, "healthlite: exec: empty command"},
		{"undetermined value skipped", []string{"sh", "-c", "echo 'OK | a=U b=2'"}, core.StatusPass, "OK"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := run(t, Exec(tt.argv))
			if r.Status != tt.status || r.Message != tt.msg {
				t.Errorf("got %v %q, want %v %q", r.Status, r.Message, tt.status, tt.msg)
			}
		})
	}
	if r := run(t, Exec([]string{"sh", "-c", "echo 'OK | a=U b=2'"})); !r.HasValue || r.Value != 2 {
		t.Errorf("value = %v (has %v), want 2, the first determined value", r.Value, r.HasValue)
	}
	if r := run(t, Exec([]string{"sh", "-c", "echo OK"})); r.HasValue {
		t.Errorf("value set without perfdata: %v", r.Value)
	}
}

func TestExecPerfdata(t *testing.T) {
	type item struct {
		label string
		value float64
	}
	var got []item
	c := ExecWith([]string{"sh", "-c", "echo \"DISK WARNING | 'used /'=85%;80;90 free=U inodes=1200c\"; exit 1"},
		ExecOptions{Perfdata: func(label string, value float64) { got = append(got, item{label, value}) }})
	r := run(t, c)
	want := []item{{"used /", 85}, {"inodes", 1200}}
	if r.Status != core.StatusWarn || !slices.Equal(got, want) || r.Value != 85 {
		t.Errorf("status %v, value %v, perfdata %v; want warn, 85 and %v (the undetermined free=U left out)", r.Status, r.Value, got, want)
	}
}

func TestExecOutputCapped(t *testing.T) {
	// 1 MiB of output: the check keeps the first line and does not block.
	r := run(t, Exec([]string{"sh", "-c", "echo 'BIG | n=1'; head -c 1048576 /dev/zero | tr '\\0' x"}))
	if r.Status != core.StatusPass || r.Message != "BIG" {
		t.Errorf("got %v %q, want pass %q", r.Status, r.Message, "BIG")
	}
	b := &cappedBuffer{max: 10}
	for range 3 {
		if n, err := b.Write([]byte("0123456")); n != 7 || err != nil {
			t.Fatalf("Write = %d, %v; want 7, nil", n, err)
		}
	}
	if string(b.buf) != "0123456012" {
		t.Errorf("buffer = %q, want the first 10 bytes", b.buf)
	}
}

func TestExecArgvCopied(t *testing.T) {
	argv := []string{"sh", "-c", "echo first"}
	c := Exec(argv)
	argv[2] = "echo second"
	if r := run(t, c); r.Message != "first" {
		t.Errorf("message = %q: Exec kept a reference to the caller's slice", r.Message)
	}
}
