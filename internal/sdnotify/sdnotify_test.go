package sdnotify

import (
	"net"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"
)

// listen opens a receiving unixgram socket the way systemd does.
func listen(t *testing.T, name string) *net.UnixConn {
	t.Helper()
	conn, err := net.ListenUnixgram("unixgram", &net.UnixAddr{Name: name, Net: "unixgram"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	return conn
}

func receive(t *testing.T, conn *net.UnixConn) string {
	t.Helper()
	if err := conn.SetReadDeadline(time.Now().Add(5 * time.Second)); err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 4096)
	n, err := conn.Read(buf)
	if err != nil {
		t.Fatal(err)
	}
	return string(buf[:n])
}

func TestNotifyPathSocket(t *testing.T) {
	path := filepath.Join(t.TempDir(), "notify.sock")
	conn := listen(t, path)
	n, err := New(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, state := range []string{Ready, Watchdog, "STATUS=serving on 8081\nREADY=1", Stopping} {
		if err := n.Notify(state); err != nil {
			t.Fatal(err)
		}
		if got := receive(t, conn); got != state {
			t.Fatalf("received %q, want %q", got, state)
		}
	}
}

func TestNotifyAbstractSocket(t *testing.T) {
	name := "@healthlite-sdnotify-test-" + strconv.Itoa(os.Getpid())
	conn := listen(t, name)
	n, err := New(name)
	if err != nil {
		t.Fatal(err)
	}
	if err := n.Notify(Ready); err != nil {
		t.Fatal(err)
	}
	if got := receive(t, conn); got != Ready {
		t.Fatalf("received %q, want %q", got, Ready)
	}
}

func TestNilNotifierSendsNothing(t *testing.T) {
	n, err := New("")
	if err != nil || n != nil {
		t.Fatalf("New(\"\") = %v, %v; want nil, nil", n, err)
	}
	if err := n.Notify(Ready); err != nil {
		t.Fatalf("nil Notify: %v", err)
	}
}

func TestNewRejectsRelativePath(t *testing.T) {
	_, err := New("run/notify")
	want := `healthlite: NOTIFY_SOCKET "run/notify": want an absolute path or an abstract name starting with @`
	if err == nil || err.Error() != want {
		t.Fatalf("err = %v, want %s", err, want)
	}
}

func TestNotifyNoReceiver(t *testing.T) {
	n, err := New(filepath.Join(t.TempDir(), "absent.sock"))
	if err != nil {
		t.Fatal(err)
	}
	if err := n.Notify(Ready); err == nil {
		t.Fatal("Notify to an absent socket succeeded")
	}
}

func TestWatchdogInterval(t *testing.T) {
	tests := []struct {
		usec, pid string
		want      time.Duration
		err       bool
	}{
		{"", "", 0, false},
		{"2000000", "", 2 * time.Second, false},
		{"500000", "42", 500 * time.Millisecond, false},
		{"500000", "43", 0, false}, // meant for another process
		{"abc", "", 0, true},
		{"0", "", 0, true},
		{"-5", "", 0, true},
		{"99999999999999999", "", 0, true}, // overflows a Duration
		{"1000", "x", 0, true},
	}
	for _, tt := range tests {
		got, err := WatchdogInterval(tt.usec, tt.pid, 42)
		if (err != nil) != tt.err || got != tt.want {
			t.Errorf("WatchdogInterval(%q, %q) = %v, %v; want %v, error %v", tt.usec, tt.pid, got, err, tt.want, tt.err)
		}
	}
}

func FuzzWatchdogInterval(f *testing.F) {
	f.Add("2000000", "")
	f.Add("1", "1")
	f.Fuzz(func(t *testing.T, usec, pid string) {
		d, err := WatchdogInterval(usec, pid, 1)
		if err == nil && d < 0 {
			t.Fatalf("negative interval %v", d)
		}
	})
}
