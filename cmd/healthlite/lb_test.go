package main

import (
	"strings"
	"testing"
)

func TestLoadBalancerFlagsRejectBadInput(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want []string
	}{
		{"agent without port", []string{"--agent", "127.0.0.1"}, []string{"--agent", "want HOST:PORTS"}},
		{"agent bad port", []string{"--agent", "127.0.0.1:99999"}, []string{"--agent", "99999"}},
		{"agent bad host", []string{"--agent", "example.com:9700"}, []string{"--agent", `host "example.com"`}},
		{"agent unbracketed IPv6", []string{"--agent", "[::1:9700"}, []string{"--agent", "brackets"}},
		{"degraded weight 0", []string{"--agent-degraded-weight", "0"}, []string{"--agent-degraded-weight", "percentage from 1 to 100"}},
		{"draining code 405", []string{"--draining-code", "405"}, []string{"--draining-code", `"405" is not a usable HTTP status`}},
		{"lb headers", []string{"--lb-headers", "nginx"}, []string{"--lb-headers", "want one of none, envoy"}},
		{"state file in a missing directory", []string{"--state-file", "/nonexistent/dir/state.json"}, []string{"--state-file /nonexistent/dir/state.json: directory /nonexistent/dir does not exist"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clearEnv(t)
			code, stdout, stderr := runIn(t, append([]string{"serve"}, tt.args...)...)
			if code != 2 || stdout != "" {
				t.Errorf("exit %d, stdout %q; want 2 and nothing", code, stdout)
			}
			oneLine(t, stderr, tt.want...)
		})
	}
}

func TestLoadBalancerFlagsAccepted(t *testing.T) {
	clearEnv(t)
	t.Setenv("HEALTHLITE_DRAINING_CODE", "404")
	cfg := mustParseServe(t, "--agent", "[::1]:9700-9702", "--agent-degraded-weight", "25%", "--lb-headers", "envoy")
	if cfg.agent.host != "::1" || len(cfg.agent.ports) != 3 || cfg.agent.ports[0] != 9700 || cfg.agentWeight != 25 || cfg.drainingCode != 404 || cfg.lbHeaders != 1 {
		t.Errorf("parsed %+v %+v", cfg, cfg.agent)
	}
	cfg = mustParseServe(t, "--agent", ":0")
	if cfg.agent.host != "" || cfg.agent.ports[0] != 0 || cfg.drainingCode != 404 {
		t.Errorf(":0 parsed %+v", cfg)
	}
}

func TestMaintCommandBadInput(t *testing.T) {
	tests := []struct {
		name string
		args []string
		code int
		want []string
	}{
		{"no action", []string{"--push", "127.0.0.1:9901"}, 2, []string{"want on [REASON], off or status"}},
		{"unknown action", []string{"toggle", "--push", "127.0.0.1:9901"}, 2, []string{`unknown action "toggle"`}},
		{"off with a reason", []string{"off", "now", "--push", "127.0.0.1:9901"}, 2, []string{`unexpected argument "now" after off`}},
		{"no push", []string{"on"}, 2, []string{"--push is required"}},
		{"remote push", []string{"on", "--push", "10.0.0.1:9901"}, 2, []string{"refusing push address"}},
		{"bad flag", []string{"on", "--frob"}, 2, []string{"flag provided but not defined: --frob"}},
		{"unreachable", []string{"status", "--push", "unix:/nonexistent/push.sock"}, 1, []string{"cannot reach the push API at unix:/nonexistent/push.sock"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clearEnv(t)
			code, stdout, stderr := runIn(t, append([]string{"maint"}, tt.args...)...)
			if code != tt.code || stdout != "" {
				t.Errorf("exit %d, stdout %q; want %d and nothing", code, stdout, tt.code)
			}
			oneLine(t, stderr, tt.want...)
		})
	}
	if code, stdout, _ := runIn(t, "help", "maint"); code != 0 || !strings.Contains(stdout, "healthlite maint on") {
		t.Errorf("help maint: exit %d, %q", code, stdout)
	}
}
