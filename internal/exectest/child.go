package exectest

import (
	"io"
	"os"
	"os/exec"
	"sync"
	"testing"
	"time"
)

// childGrace is how long a child has to exit once its input is closed at
// the end of the test, before it is killed.
const childGrace = 30 * time.Second

// Child is a helper process that a test drives through the child's
// standard input and reads through its standard output — a client that
// must run in a process of its own, say — and that ends when its input
// closes.
type Child struct {
	// In is the child's standard input.
	In io.WriteCloser
	// Out is the child's standard output.
	Out io.Reader

	cmd    *exec.Cmd
	exited chan struct{}
	err    error // cmd.Wait's, once exited is closed
	once   sync.Once
}

// StartChild starts cmd with pipes to its standard input and output; its
// standard error is the test's own. When the test ends, the child's input
// is closed and it has 30 seconds to exit before it is killed. A child
// that cannot be started fails the test.
func StartChild(tb testing.TB, cmd *exec.Cmd) *Child {
	tb.Helper()
	c := &Child{cmd: cmd, exited: make(chan struct{})}
	cmd.Stderr = os.Stderr
	var err error
	if c.In, err = cmd.StdinPipe(); err != nil {
		tb.Fatal(err)
	}
	if c.Out, err = cmd.StdoutPipe(); err != nil {
		tb.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		tb.Fatal(err)
	}
	go func() { c.err = cmd.Wait(); close(c.exited) }()
	tb.Cleanup(func() {
		c.In.Close()
		select {
		case <-c.exited:
		case <-time.After(childGrace):
			cmd.Process.Kill()
			<-c.exited
		}
	})
	return c
}

// Wait closes the child's input, waits for it to exit and returns how it
// did (exec.Cmd.Wait's error). It may be called more than once.
func (c *Child) Wait() error {
	c.once.Do(func() { c.In.Close() })
	<-c.exited
	return c.err
}
