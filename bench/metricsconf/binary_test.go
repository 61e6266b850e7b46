package metricsconf

import (
	"context"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/prometheus/prometheus/model/labels"
	"github.com/prometheus/prometheus/model/textparse"
)

// TestBinaryScrapedByPrometheus scrapes the built healthlite binary as
// Prometheus does (its Accept header, then textparse.New on the body and the
// answered Content-Type): with Prometheus 3's default protocols (OpenMetrics)
// and with text 0.0.4 only, every family of client_golang's default
// collectors (but those left out on purpose) is there, process and Go
// metrics carry live values, and go_memstats_alloc_bytes_total is in both.
func TestBinaryScrapedByPrometheus(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "healthlite")
	build := exec.Command("go", "build", "-o", bin, "./cmd/healthlite")
	build.Dir = "../.." // the root module, as users build it
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build ./cmd/healthlite: %v\n%s", err, out)
	}
	portFile := filepath.Join(dir, "port")
	cmd := exec.Command(bin, "serve", "--ports", "0", "--port-file", portFile)
	cmd.Stdout, cmd.Stderr = io.Discard, io.Discard
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Signal(syscall.SIGTERM)
		done := make(chan struct{})
		go func() { cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			cmd.Process.Kill()
			<-done
		}
	})
	var port string
	for deadline := time.Now().Add(20 * time.Second); port == ""; {
		if b, err := os.ReadFile(portFile); err == nil && strings.HasSuffix(string(b), "\n") {
			port = strings.TrimSpace(string(b))
		} else if time.Now().After(deadline) {
			t.Fatal("no port file")
		} else {
			time.Sleep(10 * time.Millisecond)
		}
	}
	url := "http://127.0.0.1:" + port + "/metrics"

	theirs, _ := clientGolangFamilies(t)
	for _, tc := range []struct{ name, accept, contentType string }{
		{"Prometheus 3 default", acceptHeader(protoOM1, protoOM001, protoText1, protoText4), "application/openmetrics-text"},
		{"text 0.0.4 only", acceptHeader(protoText4), "text/plain"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			body, ct := scrape(t, url, tc.accept)
			if !strings.HasPrefix(ct, tc.contentType) {
				t.Fatalf("Content-Type %q, want %s", ct, tc.contentType)
			}
			p, err := textparse.New(body, ct, labels.NewSymbolTable(), textparse.ParserOptions{})
			if err != nil {
				t.Fatalf("Prometheus does not accept Content-Type %q: %v", ct, err)
			}
			got := parseWith(t, p, body)
			names := map[string]float64{}
			for key, v := range got.samples {
				names[key[:strings.IndexByte(key, '{')]] = v
			}
			for name, typ := range theirs {
				sample := name
				if typ == "summary" {
					sample += "_sum"
				}
				if _, ok := names[sample]; !ok && !leftOut[name] {
					t.Errorf("no %s (client_golang's default collectors export it)", sample)
				}
			}
			for _, name := range []string{"process_resident_memory_bytes", "process_open_fds", "process_start_time_seconds", "go_goroutines", "go_memstats_alloc_bytes_total", "go_memstats_sys_bytes"} {
				if names[name] <= 0 {
					t.Errorf("%s = %v", name, names[name])
				}
			}
		})
	}
}

// scrape GETs url with the Accept header and returns the body and its
// Content-Type.
func scrape(t *testing.T, url, accept string) ([]byte, string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, "GET", url, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Accept", accept)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("GET %s: %d %v", url, resp.StatusCode, err)
	}
	return body, resp.Header.Get("Content-Type")
}
