package main

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// The box checks in the binary: their statuses, messages and values as
// metrics, against this machine.
func TestServeBoxChecks(t *testing.T) {
	if _, err := os.Stat("/proc/meminfo"); err != nil {
		t.Skip("the memory and load checks read /proc")
	}
	pidfile := filepath.Join(t.TempDir(), "test.pid")
	if err := os.WriteFile(pidfile, []byte(strconv.Itoa(os.Getpid())), 0o644); err != nil {
		t.Fatal(err)
	}
	_, base := serveOn(t, nil,
		"--check", "root=disk:/,warn=1B,fail=1B",
		"--check", "mem=memory,warn=1B,fail=1B",
		"--check", "cpu=load,warn=100000,fail=100000",
		"--check", "me=process:"+pidfile,
		"--check", "gone=process:"+pidfile+".none,critical=false",
		"--check", "hosts=dns:localhost,expect=127.0.0.1", // from /etc/hosts
		"--check", "nodns=dns:db.healthlite.test,server=127.0.0.1:1,critical=false,timeout=1s")
	deadline := time.Now().Add(20 * time.Second)
	var body string
	for {
		_, body = get(t, base+"/readyz?verbose")
		if strings.Contains(body, "[+]root ok") && strings.Contains(body, "[+]mem ok") && strings.Contains(body, "[+]cpu ok") &&
			strings.Contains(body, "[+]me ok") && strings.Contains(body, "[-]gone failed since ") &&
			strings.Contains(body, "[+]hosts ok") && strings.Contains(body, "[-]nodns failed since ") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("/readyz?verbose:\n%s", body)
		}
		time.Sleep(50 * time.Millisecond)
	}
	if !strings.Contains(body, "does not exist") {
		t.Errorf("the missing pid file's message: %s", body)
	}
	_, metrics := get(t, base+"/metrics?format=prometheus")
	for _, want := range []string{
		`healthlite_check_perfdata{check="root",label="free_bytes"} `,
		`healthlite_check_perfdata{check="mem",label="available_bytes"} `,
		`healthlite_check_perfdata{check="cpu",label="load1_per_cpu"} `,
		`healthlite_check_value{check="root"} `,
	} {
		if !strings.Contains(metrics, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
}
