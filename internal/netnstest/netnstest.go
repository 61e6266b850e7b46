// Package netnstest gives a test a remote client without leaving the
// machine: a network namespace of the test's own, joined to the test's
// namespace by a veth pair, so that a client run inside it reaches a server
// of the test from a non-loopback address that exists only for the test.
// Nothing is sent to any other host.
//
//	peer := netnstest.New(t) // skips the test when namespaces cannot be made
//	out, err := peer.Command(ctx, "curl", "-s", "http://"+peer.HostIP+":8080/health").Output()
package netnstest

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"strconv"
	"sync/atomic"
	"testing"
)

// Peer is a network namespace joined to the test's by a veth pair.
type Peer struct {
	// Name is the namespace's name, for ip netns exec.
	Name string
	// HostIP is the address of the test's end of the pair: what a client in
	// the namespace dials to reach a server the test runs.
	HostIP string
	// PeerIP is the namespace's address: the remote address a server of the
	// test sees.
	PeerIP string
}

var seq atomic.Int32

// New creates a namespace and a veth pair with a /30 of 10.213.0.0/16 and
// removes both when the test ends. It skips the test, with the reason, when
// they cannot be made: not root, no ip(8), or no permission to create
// network namespaces (an unprivileged container).
func New(tb testing.TB) *Peer {
	tb.Helper()
	if os.Geteuid() != 0 {
		tb.Skip("network namespaces need root; the remote-client case is covered at the router level")
	}
	if _, err := exec.LookPath("ip"); err != nil {
		tb.Skip("no ip(8) (iproute2) to create a network namespace")
	}
	n := int(seq.Add(1))
	pid := os.Getpid()
	idx := (pid*8 + n) % 16384
	prefix := "10.213." + strconv.Itoa(idx/64) + "."
	base := (idx % 64) * 4
	p := &Peer{
		Name:   "hltest-" + strconv.Itoa(pid) + "-" + strconv.Itoa(n),
		HostIP: prefix + strconv.Itoa(base+1),
		PeerIP: prefix + strconv.Itoa(base+2),
	}
	host := "hl" + strconv.Itoa(pid%10000000) + "h" + strconv.Itoa(n%100)
	peer := "hl" + strconv.Itoa(pid%10000000) + "p" + strconv.Itoa(n%100)
	if err := ip("netns", "add", p.Name); err != nil {
		tb.Skipf("cannot create a network namespace: %v", err)
	}
	tb.Cleanup(func() {
		ip("link", "del", host) // removes both ends
		ip("netns", "del", p.Name)
	})
	steps := [][]string{
		{"link", "add", host, "type", "veth", "peer", "name", peer},
		{"link", "set", peer, "netns", p.Name},
		{"addr", "add", p.HostIP + "/30", "dev", host},
		{"link", "set", host, "up"},
		{"-n", p.Name, "addr", "add", p.PeerIP + "/30", "dev", peer},
		{"-n", p.Name, "link", "set", peer, "up"},
		{"-n", p.Name, "link", "set", "lo", "up"},
	}
	for _, s := range steps {
		if err := ip(s...); err != nil {
			tb.Skipf("cannot join the network namespace with a veth pair: %v", err)
		}
	}
	return p
}

// Command returns a command that runs name with args inside the namespace.
func (p *Peer) Command(ctx context.Context, name string, args ...string) *exec.Cmd {
	return exec.CommandContext(ctx, "ip", append([]string{"netns", "exec", p.Name, name}, args...)...)
}

// ip runs ip(8) with args and returns its error with what it printed.
func ip(args ...string) error {
	var out bytes.Buffer
	cmd := exec.Command("ip", args...)
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		return &ipError{args: args, out: bytes.TrimSpace(out.Bytes()), err: err}
	}
	return nil
}

type ipError struct {
	args []string
	out  []byte
	err  error
}

func (e *ipError) Error() string {
	s := "ip"
	for _, a := range e.args {
		s += " " + a
	}
	return s + ": " + e.err.Error() + ": " + string(e.out)
}
