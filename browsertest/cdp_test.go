package browsertest

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"golang.org/x/net/websocket"
)

// browser is a headless chromium the test started, with a DevTools
// connection to one page.
type browser struct {
	cmd  *exec.Cmd
	ws   *websocket.Conn
	mu   sync.Mutex
	next int
	wait map[int]chan message
	errs []string // console errors, exceptions and error log entries
}

// message is a DevTools protocol message: a reply (ID) or an event (Method).
type message struct {
	ID     int             `json:"id,omitempty"`
	Method string          `json:"method,omitempty"`
	Params json.RawMessage `json:"params,omitempty"`
	Result json.RawMessage `json:"result,omitempty"`
	Error  *struct {
		Message string `json:"message"`
	} `json:"error,omitempty"`
}

// chromiumPath finds Debian's chromium, or skips the test (fails it under
// CI, which installs chromium).
func chromiumPath(t *testing.T) string {
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("chromium is not installed, and CI must run the browser tests (.ci/run installs it)")
	}
	t.Skip("chromium is not installed (apt-get install chromium); CI runs this test")
	return ""
}

// startBrowser starts headless chromium with a fresh profile and connects
// to a blank page. It is stopped when t ends.
func startBrowser(t *testing.T) *browser {
	t.Helper()
	profile := t.TempDir()
	cmd := exec.Command(chromiumPath(t), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
		"--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--user-data-dir="+profile, "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0",
		"--remote-allow-origins=http://127.0.0.1", "--window-size=900,900", "about:blank")
	// chromium writes its port to DevToolsActivePort in the profile.
	port := startWithPort(t, cmd, filepath.Join(profile, "DevToolsActivePort"), 60*time.Second)
	b := &browser{cmd: cmd, wait: map[int]chan message{}}
	// The page chromium opened: /json/list names its websocket.
	var targets []struct {
		Type, WebSocketDebuggerURL string
	}
	if err := getJSON("http://127.0.0.1:"+port+"/json/list", &targets); err != nil {
		t.Fatal(err)
	}
	url := ""
	for _, tg := range targets {
		if tg.Type == "page" {
			url = tg.WebSocketDebuggerURL
		}
	}
	if url == "" {
		t.Fatalf("no page among chromium's targets %+v", targets)
	}
	ws, err := websocket.Dial(url, "", "http://127.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	b.ws = ws
	t.Cleanup(func() { ws.Close() })
	go b.read()
	for _, m := range []string{"Runtime.enable", "Log.enable", "Page.enable"} {
		b.call(t, m, nil, nil)
	}
	return b
}

// read dispatches replies to their callers and records errors from events.
func (b *browser) read() {
	for {
		var m message
		if err := websocket.JSON.Receive(b.ws, &m); err != nil {
			b.mu.Lock()
			for id, ch := range b.wait {
				close(ch)
				delete(b.wait, id)
			}
			b.mu.Unlock()
			return
		}
		b.mu.Lock()
		if m.ID != 0 {
			if ch := b.wait[m.ID]; ch != nil {
				ch <- m
				delete(b.wait, m.ID)
			}
		} else if e := eventError(m); e != "" {
			b.errs = append(b.errs, e)
		}
		b.mu.Unlock()
	}
}

// eventError describes an event that reports an error on the page: a
// console.error, an uncaught exception, or a log entry of level error (a
// failed load, a content security policy violation).
func eventError(m message) string {
	switch m.Method {
	case "Runtime.consoleAPICalled":
		var p struct {
			Type string
			Args []struct{ Value any }
		}
		json.Unmarshal(m.Params, &p)
		if p.Type == "error" || p.Type == "assert" {
			return fmt.Sprintf("console.%s %v", p.Type, p.Args)
		}
	case "Runtime.exceptionThrown":
		return "exception: " + string(m.Params)
	case "Log.entryAdded":
		var p struct {
			Entry struct{ Level, Text, URL string }
		}
		json.Unmarshal(m.Params, &p)
		if p.Entry.Level == "error" {
			return "log: " + p.Entry.Text + " " + p.Entry.URL
		}
	}
	return ""
}

// call sends a DevTools command and decodes its result into out.
func (b *browser) call(t *testing.T, method string, params, out any) {
	t.Helper()
	ch := make(chan message, 1)
	b.mu.Lock()
	b.next++
	id := b.next
	b.wait[id] = ch
	b.mu.Unlock()
	req := map[string]any{"id": id, "method": method}
	if params != nil {
		req["params"] = params
	}
	if err := websocket.JSON.Send(b.ws, req); err != nil {
		t.Fatalf("%s: %v", method, err)
	}
	select {
	case m, ok := <-ch:
		if !ok {
			t.Fatalf("%s: the DevTools connection closed", method)
		}
		if m.Error != nil {
			t.Fatalf("%s: %s", method, m.Error.Message)
		}
		if out != nil {
			if err := json.Unmarshal(m.Result, out); err != nil {
				t.Fatalf("%s: %v in %s", method, err, m.Result)
			}
		}
	case <-time.After(60 * time.Second):
		t.Fatalf("%s: no reply in 60s", method)
	}
}

// eval evaluates a JavaScript expression on the page and decodes its value.
func (b *browser) eval(t *testing.T, expr string, out any) {
	t.Helper()
	var r struct {
		Result struct {
			Value json.RawMessage
		}
		ExceptionDetails json.RawMessage
	}
	b.call(t, "Runtime.evaluate", map[string]any{"expression": expr, "returnByValue": true}, &r)
	if r.ExceptionDetails != nil {
		t.Fatalf("%s threw %s", expr, r.ExceptionDetails)
	}
	if err := json.Unmarshal(r.Result.Value, out); err != nil {
		t.Fatalf("%s = %s: %v", expr, r.Result.Value, err)
	}
}

// errors returns the errors the page reported so far.
func (b *browser) errors() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]string(nil), b.errs...)
}
