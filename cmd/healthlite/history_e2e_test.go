package main

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/healthlite/healthlite/internal/tcptest"
)

// Bad --history, --flap-low and --flap-high values, by flag or environment,
// exit 2 with one error line.
func TestServeHistoryFlagsRefused(t *testing.T) {
	for _, c := range []struct {
		env  []string
		args []string
		want string
	}{
		{nil, []string{"--history", "-1"}, "--history"},
		{nil, []string{"--history", "many"}, "--history"},
		{nil, []string{"--history", "5000"}, "--history"},
		{[]string{"HEALTHLITE_HISTORY=x"}, nil, "HEALTHLITE_HISTORY"},
		{nil, []string{"--flap-low", "0"}, "--flap-low"},
		{nil, []string{"--flap-high", "101%"}, "--flap-high"},
		{[]string{"HEALTHLITE_FLAP_HIGH=high"}, nil, "HEALTHLITE_FLAP_HIGH"},
		{nil, []string{"--flap-low", "40", "--flap-high", "30"}, "--flap-low 40 is above --flap-high 30"},
		{[]string{"HEALTHLITE_FLAP_LOW=50"}, nil, "--flap-low 50 is above --flap-high 30"},
	} {
		code, _, stderr := runBinary(t, c.env, append([]string{"serve", "--ports", "0"}, c.args...)...)
		if code != 2 || !strings.Contains(stderr, c.want) || strings.Count(strings.TrimSpace(stderr), "\n") != 0 {
			t.Errorf("%v %v: exit %d, stderr %q; want 2 and one line naming %s", c.env, c.args, code, stderr, c.want)
		}
	}
}

// verboseCheck is a check of /health?verbose as far as history goes.
type verboseCheck struct {
	Flapping bool              `json:"flapping"`
	History  []json.RawMessage `json:"history"`
}

// --history N keeps the newest N reports of a pushed flag, --flap-low and
// --flap-high set when it flaps, and --history 0 (here by its environment
// variable) keeps none.
func TestServeHistoryFlags(t *testing.T) {
	for _, c := range []struct {
		name    string
		env     []string
		args    []string
		runs    int
		flapped bool
	}{
		{"history 3", nil, []string{"--history", "3", "--flap-low", "5", "--flap-high", "10%"}, 3, true},
		{"high threshold", nil, []string{"--history", "8", "--flap-high", "100"}, 5, false},
		{"off", []string{"HEALTHLITE_HISTORY=0"}, nil, 0, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			pushPort := tcptest.FreePort(t)
			push := "http://127.0.0.1:" + strconv.Itoa(pushPort)
			_, base := serveOn(t, c.env, append([]string{"--push", "127.0.0.1:" + strconv.Itoa(pushPort), "--flag", "bot_ready=false"}, c.args...)...)
			eventually(t, 20*time.Second, "the push API answers", func() bool {
				resp, err := client.Get(push + "/flags/bot_ready")
				if err == nil {
					resp.Body.Close()
				}
				return err == nil
			})
			for i, v := range []string{"true", "false", "true", "false", "true"} {
				if code, body := post(t, client, push+"/flags/bot_ready", v); code != 200 {
					t.Fatalf("POST #%d %s: %d %q", i, v, code, body)
				}
			}
			waitStatus(t, base+"/readyz", 200) // the last Set is published
			var doc struct {
				Details map[string]verboseCheck `json:"details"`
			}
			var body string
			eventually(t, 20*time.Second, "the verbose history", func() bool {
				_, body = get(t, base+"/health?verbose")
				doc.Details = nil
				return json.Unmarshal([]byte(body), &doc) == nil && len(doc.Details["bot_ready"].History) == c.runs
			})
			if got := doc.Details["bot_ready"]; got.Flapping != c.flapped {
				t.Errorf("flapping %v, want %v: %s", got.Flapping, c.flapped, body)
			}
		})
	}
}
