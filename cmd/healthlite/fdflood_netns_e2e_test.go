//go:build linux

package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/healthlite/healthlite/internal/connflood"
	"github.com/healthlite/healthlite/internal/exectest"
)

// floodClientEnv turns this test binary into the remote flood client of
// TestServeLoopbackShareDuringRemoteFlood, run inside a network namespace:
// "ADDR,N,MODE", MODE mixed or partial (see connflood.Mode). It prints "ready" once it has opened N
// connections (or an error line when it cannot within 60s), and floods
// until its stdin closes.
const floodClientEnv = "HEALTHLITE_TEST_FLOOD_CLIENT"

func init() {
	spec := os.Getenv(floodClientEnv)
	if spec == "" {
		return
	}
	parts := strings.Split(spec, ",")
	modes := map[string]connflood.Mode{"mixed": connflood.Mixed, "partial": connflood.Partial}
	if len(parts) != 3 {
		parts = []string{"", "", ""}
	}
	n, err := strconv.Atoi(parts[1])
	mode, known := modes[parts[2]]
	if err != nil || !known {
		fmt.Println("error: bad", floodClientEnv, spec)
		os.Exit(1)
	}
	flood := connflood.Start(parts[0], n, mode, time.Millisecond)
	for deadline := time.Now().Add(60 * time.Second); flood.Opened() < int64(n); {
		if time.Now().After(deadline) {
			fmt.Printf("error: %d of %d connections to %s opened in 60s\n", flood.Opened(), n, parts[0])
			os.Exit(1)
		}
		time.Sleep(10 * time.Millisecond)
	}
	fmt.Println("ready")
	io.Copy(io.Discard, os.Stdin)
	flood.Stop()
	os.Exit(0)
}

// remoteNamespace creates a network namespace joined to this one by a veth
// pair in 198.18.0.0/15 (the benchmarking range, never routed) and returns
// its name and the address of this side, which the namespace reaches as a
// remote host would. It skips the test where namespaces cannot be made.
func remoteNamespace(t *testing.T) (ns, hostIP string) {
	t.Helper()
	if os.Geteuid() != 0 {
		t.Skip("a network namespace for the remote client needs root (CAP_SYS_ADMIN, CAP_NET_ADMIN)")
	}
	if _, err := exec.LookPath("ip"); err != nil {
		t.Skip("a network namespace for the remote client needs ip (iproute2)")
	}
	id := os.Getpid() % 100000
	ns = "hlfd" + strconv.Itoa(id)
	host, peer := "hlfdh"+strconv.Itoa(id), "hlfdn"+strconv.Itoa(id)
	subnet := "198.18." + strconv.Itoa(id%250) + "."
	hostIP = subnet + "1"
	run := func(args ...string) error {
		if out, err := exec.Command("ip", args...).CombinedOutput(); err != nil {
			return fmt.Errorf("ip %s: %v: %s", strings.Join(args, " "), err, out)
		}
		return nil
	}
	if err := run("netns", "add", ns); err != nil {
		t.Skipf("cannot create a network namespace: %v", err)
	}
	t.Cleanup(func() {
		run("link", "del", host) // takes its peer along
		run("netns", "del", ns)
	})
	for _, args := range [][]string{
		{"link", "add", host, "type", "veth", "peer", "name", peer, "netns", ns},
		{"addr", "add", hostIP + "/30", "dev", host},
		{"link", "set", host, "up"},
		{"-n", ns, "addr", "add", subnet + "2/30", "dev", peer},
		{"-n", ns, "link", "set", peer, "up"},
		{"-n", ns, "link", "set", "lo", "up"},
	} {
		if err := run(args...); err != nil {
			t.Skipf("cannot join the network namespace to this one: %v", err)
		}
	}
	return ns, hostIP
}

// A remote client (from a network namespace) keeps more connections than
// the whole cap busy — each sends half a request header, which holds its
// place until the header timeout — and keeps opening new ones. The places
// kept for loopback clients stay free of them: a local probe (the
// kubelet's exec probe, a sidecar's) gets 200 throughout, and the checks
// keep passing.
func TestServeLoopbackShareDuringRemoteFlood(t *testing.T) {
	ns, hostIP := remoteNamespace(t)
	exe, err := os.Executable()
	if err != nil {
		t.Skipf("cannot run the flood client: %v", err)
	}
	for _, tr := range []string{"fasthttp", "loop", "stdlib"} {
		t.Run(tr, func(t *testing.T) {
			ft := startFloodTarget(t, tr)

			cmd := exec.Command("ip", "netns", "exec", ns, exe, "-test.run=^$")
			cmd.Env = append(os.Environ(), floodClientEnv+"="+hostIP+":"+strconv.Itoa(ft.port)+",250,partial")
			client := exectest.StartChild(t, cmd)
			line, err := bufio.NewReader(client.Out).ReadString('\n')
			if strings.TrimSpace(line) != "ready" {
				t.Fatalf("flood client: %q %v", line, err)
			}
			eventually(t, 60*time.Second, "the remote flood reaches the cap", func() bool {
				return strings.Contains(ft.p.stderr.String(), "WARNING - Connection cap of 184 reached")
			})
			ft.holdsUp(t)
			if err := client.Wait(); err != nil {
				t.Errorf("flood client: %v", err)
			}
			ft.p.stop()
		})
	}
}
