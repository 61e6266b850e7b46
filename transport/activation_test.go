package transport

import (
	"bufio"
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/healthlite/healthlite/internal/tcptest"
)

// The socket activation tests re-execute the test binary as the activated
// process. envChild makes it run TestActivationChild; envSetPID makes it set
// LISTEN_PID to its own pid first, as systemd and systemd-socket-activate do
// between fork and exec (the parent cannot know the child's pid in advance).
const (
	envChild  = "HEALTHLITE_TEST_ACTIVATION_CHILD"
	envSetPID = "HEALTHLITE_TEST_SET_LISTEN_PID"
)

func TestMain(m *testing.M) {
	if os.Getenv(envSetPID) == "1" {
		os.Setenv("LISTEN_PID", strconv.Itoa(os.Getpid()))
	}
	os.Exit(m.Run())
}

// TestActivationChild is the activated process: it calls Listen with a port
// list it could not bind (port 1 needs privileges, and the address is not
// local), answers one connection with its pid and what it saw, and exits.
func TestActivationChild(t *testing.T) {
	if os.Getenv(envChild) != "1" {
		t.Skip("runs only as the child of the socket activation tests")
	}
	logs, log := newLog()
	ln, err := Listen(context.Background(), Config{Addr: "192.0.2.1", Ports: []int{1}, Logger: log})
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	c, err := ln.Accept()
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	_, set := os.LookupEnv("LISTEN_PID")
	_, setFDs := os.LookupEnv("LISTEN_FDS")
	_, setNames := os.LookupEnv("LISTEN_FDNAMES")
	fmt.Fprintf(c, "pid=%d port=%d vars_left=%v\n", os.Getpid(), Port(ln), set || setFDs || setNames)
	for _, l := range logs.lines(t) {
		fmt.Fprintf(c, "%s\n", l)
	}
}

// askChild dials addr until it connects (the child may still be starting)
// and returns the child's report.
func askChild(t *testing.T, addr string, done <-chan error) []string {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		c, err := net.DialTimeout("tcp", addr, time.Second)
		if err == nil {
			defer c.Close()
			c.SetDeadline(deadline)
			var lines []string
			sc := bufio.NewScanner(c)
			for sc.Scan() {
				lines = append(lines, sc.Text())
			}
			return lines
		}
		select {
		case err := <-done:
			t.Fatalf("child exited before answering: %v", err)
		case <-time.After(20 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatalf("no answer from the activated child on %s: %v", addr, err)
		}
	}
}

func checkReport(t *testing.T, lines []string, pid, port int) {
	t.Helper()
	want := fmt.Sprintf("pid=%d port=%d vars_left=false", pid, port)
	if len(lines) != 2 || lines[0] != want {
		t.Fatalf("child said %q, want %q and one log line", lines, want)
	}
	if wantLog := "healthlite - INFO - Health server started on port " + strconv.Itoa(port) + " socket_activation=systemd fd=3"; lines[1] != wantLog {
		t.Fatalf("child logged %q, want %q", lines[1], wantLog)
	}
}

// TestSocketActivation passes a listening socket as fd 3, with LISTEN_FDS=1
// and LISTEN_PID set to the child's pid, as systemd does.
func TestSocketActivation(t *testing.T) {
	lines, pid, port := activate(t, 1)
	checkReport(t, lines, pid, port)
}

// TestSocketActivationManySockets passes two sockets: the first is served,
// and a WARNING says the other is ignored.
func TestSocketActivationManySockets(t *testing.T) {
	lines, pid, port := activate(t, 2)
	want := "healthlite - WARNING - Socket activation passed 2 sockets; serving on the first only fd=3"
	if len(lines) != 3 || lines[1] != want {
		t.Fatalf("child said %q, want %q second", lines, want)
	}
	checkReport(t, append(lines[:1], lines[2:]...), pid, port)
}

// activate runs the child with n listening sockets from fd 3 on, connects
// to the first, and returns the child's report, pid and the first's port.
func activate(t *testing.T, n int) (lines []string, pid, port int) {
	var files []*os.File
	var addr string
	for i := range n {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		f, err := ln.(*net.TCPListener).File()
		if err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			addr, port = ln.Addr().String(), Port(ln)
		}
		ln.Close() // the file is a duplicate that keeps the socket open
		files = append(files, f)
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestActivationChild$", "-test.count=1")
	cmd.Env = append(os.Environ(), envChild+"=1", envSetPID+"=1", "LISTEN_FDS="+strconv.Itoa(n), "LISTEN_FDNAMES=health")
	cmd.ExtraFiles = files // fd 3, 4, …
	var out strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// Only the child holds the sockets now: a connection can reach no one else.
	for _, f := range files {
		f.Close()
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	lines = askChild(t, addr, done)
	if err := <-done; err != nil {
		t.Fatalf("child failed: %v\n%s", err, out.String())
	}
	return lines, cmd.Process.Pid, port
}

// TestSocketActivationWithSystemdTool runs the child under Debian's
// systemd-socket-activate, the real implementation of the protocol.
func TestSocketActivationWithSystemdTool(t *testing.T) {
	tool, err := exec.LookPath("systemd-socket-activate")
	if err != nil {
		t.Skip("systemd-socket-activate not installed (Debian package systemd)")
	}
	port := tcptest.FreePort(t)
	addr := "127.0.0.1:" + strconv.Itoa(port)
	cmd := exec.Command(tool, "--listen="+addr, "--setenv="+envChild+"=1",
		os.Args[0], "-test.run=^TestActivationChild$", "-test.count=1")
	var out strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	defer func() {
		if cmd.ProcessState == nil {
			cmd.Process.Kill()
		}
	}()
	lines := askChild(t, addr, done)
	if err := <-done; err != nil {
		t.Fatalf("child failed: %v\n%s", err, out.String())
	}
	// systemd-socket-activate execs the program in its own process.
	checkReport(t, lines, cmd.Process.Pid, port)
}

// TestActivationForAnotherProcess leaves variables meant for another pid
// alone and binds as usual.
func TestActivationForAnotherProcess(t *testing.T) {
	t.Setenv("LISTEN_PID", strconv.Itoa(os.Getpid()+1))
	t.Setenv("LISTEN_FDS", "1")
	listenLoopback(t)
	if os.Getenv("LISTEN_FDS") != "1" {
		t.Fatal("LISTEN_FDS of another process was cleared")
	}
}

// TestActivationBadFD reports a LISTEN_FDS count that is not a number as an
// error instead of binding.
func TestActivationBadFD(t *testing.T) {
	_, log := newLog()
	t.Setenv("LISTEN_PID", strconv.Itoa(os.Getpid()))
	t.Setenv("LISTEN_FDS", "x")
	_, err := Listen(context.Background(), Config{Addr: "127.0.0.1", Ports: []int{0}, Logger: log})
	if err == nil || err.Error() != `healthlite: socket activation: LISTEN_FDS="x": want a count of at least 1` {
		t.Fatalf("error %v", err)
	}
	if _, ok := os.LookupEnv("LISTEN_PID"); ok {
		t.Fatal("LISTEN_PID was not cleared")
	}
}
