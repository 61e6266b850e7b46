package main

import (
	"strings"
	"testing"
	"time"
)

// The binary serves /status on both transports, and --status-page=false
// turns it off.
func TestServeStatusPage(t *testing.T) {
	for _, tr := range []string{"fasthttp", "loop", "stdlib"} {
		t.Run(tr, func(t *testing.T) {
			_, base := serveOn(t, nil, "--transport", tr, "--check", "beat=file:"+t.TempDir()+"/none,ttl=30s", "--service", "pager")
			waitStatus(t, base+"/livez", 200)
			// The page is rendered at most once a second: wait for the
			// first run to reach it.
			deadline := time.Now().Add(10 * time.Second)
			for {
				code, body := get(t, base+"/status")
				if code == 200 && strings.Contains(body, `<title>pager – `) && strings.Contains(body, `data-check="beat" data-status="fail"`) {
					break
				}
				if time.Now().After(deadline) {
					t.Fatalf("/status: %d %q", code, body)
				}
				time.Sleep(50 * time.Millisecond)
			}
		})
	}
	_, base := serveOn(t, nil, "--status-page=false")
	waitStatus(t, base+"/livez", 200)
	if code, _ := get(t, base+"/status"); code != 404 {
		t.Errorf("/status with --status-page=false: %d, want 404", code)
	}
}
