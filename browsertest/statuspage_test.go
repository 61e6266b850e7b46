package browsertest

import (
	"encoding/base64"
	"encoding/json"
	"flag"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

var screenshot = flag.String("screenshot", "", "write a PNG of the status page to this file (the README's docs/status-page.png)")

// binary is the healthlite binary TestMain builds from this repository.
var binary string

func TestMain(m *testing.M) {
	flag.Parse()
	dir, err := os.MkdirTemp("", "browsertest-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binary = filepath.Join(dir, "healthlite")
	build := exec.Command("go", "build", "-o", binary, ".")
	build.Dir = filepath.Join("..", "cmd", "healthlite")
	if out, err := build.CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "go build ../cmd/healthlite: %v\n%s", err, out)
		os.RemoveAll(dir)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

func getJSON(url string, out any) error {
	resp, err := http.Get(url)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	return json.NewDecoder(resp.Body).Decode(out)
}

// serve starts the binary with args on a free loopback port and returns its
// base URL; it is stopped when t ends.
func serve(t *testing.T, args ...string) string {
	t.Helper()
	portFile := filepath.Join(t.TempDir(), "port")
	cmd := exec.Command(binary, append([]string{"serve", "--addr", "127.0.0.1", "--ports", "0", "--port-file", portFile}, args...)...)
	return "http://127.0.0.1:" + startWithPort(t, cmd, portFile, 30*time.Second)
}

// waitPage evaluates expr on the page until it is true, for at most 30s.
func (b *browser) waitPage(t *testing.T, what, expr string) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		var ok bool
		b.eval(t, expr, &ok)
		if ok {
			return
		}
		if time.Now().After(deadline) {
			var html string
			b.eval(t, "document.body.innerText", &html)
			t.Fatalf("the page did not show %s in 30s; it reads:\n%s", what, html)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// TestStatusPageInChromium: the page of a running binary, in a real
// browser, shows every check, updates itself after a check flips, shows a
// message with markup as text, fits a phone, follows the dark scheme and
// reports no errors to the console.
func TestStatusPageInChromium(t *testing.T) {
	b := startBrowser(t)
	dir := t.TempDir()
	beat := filepath.Join(dir, "beat")
	if err := os.WriteFile(beat, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	base := serve(t, "--service", "trading-bot", "--environment", "production",
		"--check", "beat=file:"+beat+",ttl=1h,interval=200ms,timeout=100ms",
		"--check", `quote=exec:echo "<script>window.pwned=1</script> <b>bold</b> & 'done'",interval=1h,critical=false`,
		"--check", `disk=exec:sh -c "echo 91% used; exit 1",interval=1h,critical=false`,
		"--check", "api=tcp:127.0.0.1:1,interval=1h,timeout=500ms,groups=live+ready")

	b.call(t, "Page.navigate", map[string]any{"url": base + "/status"}, nil)
	b.waitPage(t, "every check with its first result", `(() => {
		const s = {}; document.querySelectorAll("[data-check]").forEach(e => s[e.dataset.check] = e.dataset.status);
		return s.beat === "pass" && s.quote === "pass" && s.disk === "warn" && s.api === "fail" && Object.keys(s).length === 4;
	})()`)

	var got struct {
		Title, Overall, Quote string
		Pwned                 string
		Scripts, Bold         int
	}
	b.eval(t, `({title: document.title, overall: document.getElementById("overall").textContent,
		quote: document.querySelector('[data-check="quote"] .msg').textContent,
		pwned: typeof window.pwned, scripts: document.scripts.length,
		bold: document.querySelectorAll('[data-check="quote"] b').length})`, &got)
	if got.Title != "trading-bot – unhealthy" || got.Overall != "unhealthy" {
		t.Errorf("title %q, overall %q; want the service unhealthy (api fails)", got.Title, got.Overall)
	}
	if got.Quote != `<script>window.pwned=1</script> <b>bold</b> & 'done'` || got.Pwned != "undefined" || got.Scripts != 1 || got.Bold != 0 {
		t.Errorf("a message with markup: shown as %q, window.pwned %s, %d scripts, %d <b>; want it as text only", got.Quote, got.Pwned, got.Scripts, got.Bold)
	}

	// The page refreshes itself: the check flips and the open page shows it.
	if err := os.Remove(beat); err != nil {
		t.Fatal(err)
	}
	b.waitPage(t, "beat failing without a reload",
		`document.querySelector('[data-check="beat"]').dataset.status === "fail" && document.querySelector('[data-check="beat"] .strip i:last-child').className === "s-fail"`)
	if err := os.WriteFile(beat, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	b.waitPage(t, "beat passing again", `document.querySelector('[data-check="beat"]').dataset.status === "pass"`)

	if *screenshot != "" {
		b.call(t, "Emulation.setDeviceMetricsOverride", map[string]any{"width": 820, "height": 640, "deviceScaleFactor": 1, "mobile": false}, nil)
		var shot struct{ Data string }
		b.call(t, "Page.captureScreenshot", map[string]any{"format": "png", "captureBeyondViewport": true}, &shot)
		png, err := base64.StdEncoding.DecodeString(shot.Data)
		if err != nil {
			t.Fatal(err)
		}
		tmp := *screenshot + ".tmp"
		if err := os.WriteFile(tmp, png, 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Rename(tmp, *screenshot); err != nil {
			t.Fatal(err)
		}
	}

	// A phone: nothing wider than its screen.
	b.call(t, "Emulation.setDeviceMetricsOverride", map[string]any{"width": 360, "height": 740, "deviceScaleFactor": 2, "mobile": true}, nil)
	var width int
	b.eval(t, `document.documentElement.scrollWidth`, &width)
	if width > 360 {
		t.Errorf("on a 360px phone the page is %dpx wide", width)
	}
	// prefers-color-scheme: dark gives the dark background.
	b.call(t, "Emulation.setEmulatedMedia", map[string]any{"features": []map[string]string{{"name": "prefers-color-scheme", "value": "dark"}}}, nil)
	var bg string
	b.eval(t, `getComputedStyle(document.body).backgroundColor`, &bg)
	if bg != "rgb(13, 17, 23)" {
		t.Errorf("dark scheme background %q, want rgb(13, 17, 23)", bg)
	}

	// Let the page refresh itself once more before the console is read.
	var at string
	b.eval(t, `document.querySelector("time").textContent`, &at)
	b.waitPage(t, "a newer render than "+at, `document.querySelector("time").textContent !== `+strconv.Quote(at))
	if errs := b.errors(); len(errs) > 0 {
		t.Errorf("the page reported errors:\n%s", strings.Join(errs, "\n"))
	}
}
