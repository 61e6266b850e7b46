package main

import (
	"context"
	"strings"
	"testing"
)

// TestBuildServersWithoutNginx: nginx among the servers but not on PATH is
// exit status 2 with the install hint, before anything is built.
func TestBuildServersWithoutNginx(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	var stderr strings.Builder
	status := buildServers(context.Background(), t.TempDir(), t.TempDir(), []server{{Name: "nginx", Nginx: true}}, &stderr)
	if want := "bench/run: nginx not found in PATH (apt-get install -y nginx-light), or leave it out with -servers\n"; status != 2 || stderr.String() != want {
		t.Fatalf("status %d, stderr %q; want 2, %q", status, stderr.String(), want)
	}
}
