package main

import (
	"cmp"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/healthlite/healthlite/checks"
	"github.com/healthlite/healthlite/core"
)

func TestParseCheckSpec(t *testing.T) {
	tests := []struct {
		in   string
		want checkSpec
	}{
		{"db=tcp:127.0.0.1:5432", checkSpec{cfg: core.CheckConfig{Name: "db"}, kind: "tcp", target: "127.0.0.1:5432"}},
		{"api=grpc:127.0.0.1:9090,service=api.v1.Users,timeout=1s",
			checkSpec{cfg: core.CheckConfig{Name: "api", Timeout: time.Second}, kind: "grpc", target: "127.0.0.1:9090", service: "api.v1.Users"}},
		{"api=grpc:[::1]:9090", checkSpec{cfg: core.CheckConfig{Name: "api"}, kind: "grpc", target: "[::1]:9090"}},
		{"api=http:http://127.0.0.1:8000/ping?a=1,expect=200-299,304,contains=pong,interval=5s,timeout=1s",
			checkSpec{cfg: core.CheckConfig{Name: "api", Interval: 5 * time.Second, Timeout: time.Second}, kind: "http",
				target: "http://127.0.0.1:8000/ping?a=1", expect: checks.StatusRanges{{Lo: 200, Hi: 299}, {Lo: 304, Hi: 304}}, contains: "pong"}},
		{"hb=file:/tmp/bot.hb,ttl=30s,groups=live+ready,critical=false,rise=2,fall=3,initial-delay=1s",
			checkSpec{cfg: core.CheckConfig{Name: "hb", Groups: core.GroupLive | core.GroupReady, NonCritical: true, Rise: 2, Fall: 3, InitialDelay: time.Second},
				kind: "file", target: "/tmp/bot.hb", ttl: 30 * time.Second}},
		{`disk=exec:check_disk -w 10% -p "/var/lib/my data",critical=false`,
			checkSpec{cfg: core.CheckConfig{Name: "disk", NonCritical: true}, kind: "exec", target: `check_disk -w 10% -p "/var/lib/my data"`,
				argv: []string{"check_disk", "-w", "10%", "-p", "/var/lib/my data"}}},
		{"echo=exec:echo a,b", // a piece that is not key=value stays in the target
			checkSpec{cfg: core.CheckConfig{Name: "echo"}, kind: "exec", target: "echo a,b", argv: []string{"echo", "a,b"}}},
		{"custom=wasm:/opt/check.wasm,config.url=http://127.0.0.1:9000/,config.budget_ms=300,allow=127.0.0.1:9000,allow=[::1]:9000,groups=startup",
			checkSpec{cfg: core.CheckConfig{Name: "custom", Groups: core.GroupStartup}, kind: "wasm", target: "/opt/check.wasm",
				config: map[string]string{"url": "http://127.0.0.1:9000/", "budget_ms": "300"}, allow: []string{"127.0.0.1:9000", "[::1]:9000"}}},
		{"big=wasm:/opt/big.wasm,max-functions=50000,max-code-size=8388608,max-function-size=131072",
			checkSpec{cfg: core.CheckConfig{Name: "big"}, kind: "wasm", target: "/opt/big.wasm",
				caps: wasmCaps{functions: 50000, code: 8 << 20, functionSize: 128 << 10}}},
	}
	for _, tt := range tests {
		got, err := parseCheckSpec(tt.in)
		if err != nil {
			t.Errorf("parseCheckSpec(%q): %v", tt.in, err)
			continue
		}
		if !reflect.DeepEqual(*got, tt.want) {
			t.Errorf("parseCheckSpec(%q)\n got %+v\nwant %+v", tt.in, *got, tt.want)
		}
	}
}

func TestParseCheckSpecErrors(t *testing.T) {
	tests := []struct{ in, want string }{
		{"db", "want NAME=KIND:TARGET[,key=value…], e.g. db=tcp:127.0.0.1:5432"},
		{"api=grpc:localhost", `"localhost": want HOST:PORT, e.g. 127.0.0.1:5432`},
		{"api=grpc:127.0.0.1:0", `"127.0.0.1:0": port "0" is not 1-65535`},
		{"api=tcp:127.0.0.1:1,service=x", `unknown key "service" for a tcp check (known: ` + commonKeys + `)`},
		{"=tcp:127.0.0.1:1", "check name is empty"},
		{"d b=tcp:127.0.0.1:1", `name "d b": name contains a space or control character`},
		{"d\u2028b=tcp:127.0.0.1:1", `name "d\u2028b": name contains a space or control character`},
		{"db=redis:127.0.0.1:6379", `unknown check kind "redis" (want http, tcp, grpc, cert, file, exec, wasm, disk, memory, load, dns or process)`},
		{"db=tcp", "tcp check without a target"},
		{"db=tcp:", "tcp check without a target"},
		{"db=tcp:localhost", `"localhost": want HOST:PORT, e.g. 127.0.0.1:5432`},
		{"db=tcp:localhost:99999", `"localhost:99999": port "99999" is not 1-65535`},
		{"db=tcp:127.0.0.1:5432,intervl=5s", `unknown key "intervl" for a tcp check (known: interval, fast-interval, down-interval, timeout, initial-delay, rise, fall, critical, groups)`},
		{"db=tcp:127.0.0.1:5432,ttl=5s", `unknown key "ttl" for a tcp check (known: interval, fast-interval, down-interval, timeout, initial-delay, rise, fall, critical, groups)`},
		{"db=tcp:127.0.0.1:5432,interval=soon", `interval=soon: "soon" is not a duration (want e.g. 500ms, 30s, 1m)`},
		{"db=tcp:127.0.0.1:5432,interval=0s", "interval=0s: interval must be more than 0"},
		{"db=tcp:127.0.0.1:5432,timeout=-1s", `timeout=-1s: "-1s" is negative`},
		{"db=tcp:127.0.0.1:5432,interval=5s,timeout=5s", "timeout=5s is not shorter than interval=5s: a run that times out would still be running when the next is due; make the timeout shorter than the interval"},
		{"db=tcp:127.0.0.1:5432,timeout=30s", "timeout=30s is not shorter than interval=10s: a run that times out would still be running when the next is due; make the timeout shorter than the interval"},
		{"x=exec:sleep 5,timeout=2s,interval=1s", "timeout=2s is not shorter than interval=1s: a run that times out would still be running when the next is due; make the timeout shorter than the interval"},
		{"db=tcp:127.0.0.1:5432,rise=0", "rise=0: rise must be a whole number from 1 to 1000"},
		{"db=tcp:127.0.0.1:5432,critical=maybe", `critical="maybe": want true or false`},
		{"db=tcp:127.0.0.1:5432,groups=live+alive", `groups=live+alive: unknown group "alive" (want live, ready, startup joined by +)`},
		{"api=http:ftp://x/", `"ftp://x/" is not an http:// or https:// URL`},
		{"api=http:http://127.0.0.1/,expect=700", `status range "700": want CODE or LOW-HIGH with codes in 100-599`},
		{"api=http:http://127.0.0.1/,ttl=3s", `unknown key "ttl" for a http check (known: interval, fast-interval, down-interval, timeout, initial-delay, rise, fall, critical, groups, expect, contains, method, header, ca, cert, key, server-name, insecure-skip-verify)`},
		{"hb=file:/tmp/x,ttl=0s", "ttl=0s: ttl must be more than 0"},
		{"hb=file:/tmp/x,ttl=\r", `ttl="\r": "\r" is not a duration (want e.g. 500ms, 30s, 1m)`},
		{`x=exec:echo "unclosed`, `command "echo \"unclosed": unterminated " quote`},
		{"x=exec:   ", "exec check without a target"},
		{"w=wasm:/x.wasm,allow=example.com", `allow "example.com": want host:port, such as 127.0.0.1:8080 or [::1]:80 (missing port in address)`},
		{"w=wasm:/x.wasm,max-code-size=0", "max-code-size=0: want a positive whole number"},
		{"w=wasm:/x.wasm,max-functions=2k", "max-functions=2k: want a positive whole number"},
		{"w=wasm:/x.wasm,config.=1", `unknown key "config." for a wasm check (known: interval, fast-interval, down-interval, timeout, initial-delay, rise, fall, critical, groups, config.KEY, allow, arg, max-functions, max-code-size, max-function-size)`},
	}
	for _, tt := range tests {
		_, err := parseCheckSpec(tt.in)
		if err == nil {
			t.Errorf("parseCheckSpec(%q) succeeded, want error %q", tt.in, tt.want)
			continue
		}
		if err.Error() != tt.want {
			t.Errorf("parseCheckSpec(%q)\n  error %q\n  want  %q", tt.in, err, tt.want)
		}
	}
}

func TestSplitWords(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"", nil},
		{"  a  b\tc ", []string{"a", "b", "c"}},
		{`sh -c 'exit 2'`, []string{"sh", "-c", "exit 2"}},
		{`echo "a \"b\" \$x" c\ d`, []string{"echo", `a "b" $x`, "c d"}},
		{`a''b ""`, []string{"ab", ""}},
	}
	for _, tt := range tests {
		got, err := splitWords(tt.in)
		if err != nil || !reflect.DeepEqual(got, tt.want) {
			t.Errorf("splitWords(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
	for _, bad := range []string{`'a`, `"a`, `a\`} {
		if _, err := splitWords(bad); err == nil {
			t.Errorf("splitWords(%q) succeeded", bad)
		}
	}
}

func TestParsePassiveSpecs(t *testing.T) {
	f, err := parseFlagSpec("bot_ready=false")
	if err != nil || f != (flagSpec{name: "bot_ready"}) {
		t.Errorf("parseFlagSpec(bot_ready=false) = %+v, %v", f, err)
	}
	f, err = parseFlagSpec("maintenance,informational")
	if err != nil || f != (flagSpec{name: "maintenance", informational: true}) {
		t.Errorf("parseFlagSpec(maintenance,informational) = %+v, %v", f, err)
	}
	for in, want := range map[string]flagSpec{"bot_ready": {name: "bot_ready"}, "bot_ready=true": {name: "bot_ready", value: true}} {
		if f, err := parseFlagSpec(in); err != nil || f != want {
			t.Errorf("parseFlagSpec(%s) = %+v, %v; want %+v (a flag starts false)", in, f, err, want)
		}
	}
	sp, err := parseCheckSpec("db=tcp:127.0.0.1:5432,interval=1m,fast-interval=2s,down-interval=3s")
	if err != nil || sp.cfg.FastInterval != 2*time.Second || sp.cfg.DownInterval != 3*time.Second {
		t.Errorf("fast-interval and down-interval: %+v, %v", sp, err)
	}
	hb, err := parseHeartbeatSpec("bot,ttl=45s")
	if err != nil || hb != (heartbeatSpec{name: "bot", ttl: 45 * time.Second}) {
		t.Errorf("parseHeartbeatSpec = %+v, %v", hb, err)
	}
	hb, err = parseHeartbeatSpec("bot")
	if err != nil || hb.ttl != defaultHeartbeatTTL {
		t.Errorf("parseHeartbeatSpec(bot) = %+v, %v", hb, err)
	}
	st, err := parseStatusSpec("trading,groups=live+ready")
	if err != nil || st != (statusSpec{name: "trading", groups: core.GroupLive | core.GroupReady}) {
		t.Errorf("parseStatusSpec = %+v, %v", st, err)
	}
	for _, bad := range []struct {
		parse func(string) error
		in    string
		want  string
	}{
		{func(s string) error { _, err := parseFlagSpec(s); return err }, "bot_ready=maybe", `initial value "maybe": want true or false`},
		{func(s string) error { _, err := parseFlagSpec(s); return err }, "bot_ready,loud", `unknown option "loud" (want informational)`},
		{func(s string) error { _, err := parseHeartbeatSpec(s); return err }, "bot,ttl=never", `ttl=never: "never" is not a duration (want e.g. 500ms, 30s, 1m)`},
		{func(s string) error { _, err := parseHeartbeatSpec(s); return err }, "bot,every=3s", `unknown option "every=3s" (want ttl=DURATION)`},
		{func(s string) error { _, err := parseStatusSpec(s); return err }, "x,groups=all", `groups=all: unknown group "all" (want live, ready, startup joined by +)`},
		{func(s string) error { _, err := parseStatusSpec(s); return err }, "", "check name is empty"},
		{func(s string) error { _, err := parseHeartbeatSpec(s); return err }, "bot,ttl=\r", `ttl="\r": "\r" is not a duration (want e.g. 500ms, 30s, 1m)`},
		{func(s string) error { _, err := parseStatusSpec(s); return err }, "x,groups=a\nb", `groups="a\nb": unknown group "a\nb" (want live, ready, startup joined by +)`},
	} {
		if err := bad.parse(bad.in); err == nil || err.Error() != bad.want {
			t.Errorf("parse(%q) error %v, want %q", bad.in, err, bad.want)
		}
	}
}

func TestParsePushAddr(t *testing.T) {
	for _, ok := range []string{"127.0.0.1:9901", "127.0.0.2:1", "[::1]:9901", "unix:/run/healthlite/push.sock",
		"localhost:9901", "127.0.0.1:0", "127.0.0.1:9901-9905", "[::1]:9901,9903", "unix:/run/healthlite/push-%d.sock"} {
		if _, err := parsePushAddr(ok); err != nil {
			t.Errorf("parsePushAddr(%q): %v", ok, err)
		}
	}
	for _, bad := range []string{"0.0.0.0:9901", ":9901", "192.168.1.5:9901", "[::]:9901", "example.com:80", "unix:", "9901",
		"::1:9901", "[127.0.0.1]:9901", "unix:/run/push-%s.sock", "unix:/run/push-%d-%d.sock"} {
		_, err := parsePushAddr(bad)
		if err == nil {
			t.Errorf("parsePushAddr(%q) succeeded", bad)
			continue
		}
		if strings.Contains(bad, ":") && !strings.HasPrefix(bad, "unix:") && !strings.Contains(err.Error(), "refusing push address") {
			t.Errorf("parsePushAddr(%q) = %v; want a refusal", bad, err)
		}
	}
	// The library's port list error, without its "healthlite: " (the binary's own start).
	if _, err := parsePushAddr("127.0.0.1:9,x"); err == nil || !strings.HasPrefix(err.Error(), `push port list "9,x": `) {
		t.Errorf("parsePushAddr with a bad port list: %v; want it to start with push port list", err)
	}
}

func FuzzParseCheckSpec(f *testing.F) {
	for _, s := range []string{
		"db=tcp:127.0.0.1:5432,interval=5s",
		"api=http:http://x/,expect=200-299,304,contains=a",
		"w=wasm:/x.wasm,config.a=b,allow=h:1",
		`x=exec:sh -c "echo 'a,b'" ,timeout=1s`,
		"hb=file:/tmp/x,ttl=3s,groups=live+startup",
		"api=http:https://x/,method=HEAD,header=A: b,server-name=n,insecure-skip-verify,ca=/nope",
		"c=cert:x:443,warn-days=9,fail-days=2,server-name=x",
		"c=cert:/etc/tls.crt",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		sp, err := parseCheckSpec(s)
		if err != nil {
			if err.Error() == "" || strings.Contains(err.Error(), "\n") {
				t.Fatalf("error for %q is not one line: %q", s, err)
			}
			return
		}
		if sp.cfg.Name == "" || sp.target == "" {
			t.Fatalf("accepted %q with empty name or target: %+v", s, sp)
		}
		if sp.kind == "exec" && len(sp.argv) == 0 {
			t.Fatalf("accepted exec %q without argv", s)
		}
		if interval := cmp.Or(sp.cfg.Interval, core.DefaultInterval); sp.cfg.Timeout >= interval {
			t.Fatalf("accepted %q with timeout %v not shorter than interval %v", s, sp.cfg.Timeout, interval)
		}
	})
}

func FuzzSplitWords(f *testing.F) {
	f.Add(`a 'b c' "d \"e\"" f\ g`)
	f.Add("plain  words\there")
	f.Fuzz(func(t *testing.T, s string) {
		words, err := splitWords(s)
		plain := !strings.ContainsAny(s, "'\"\\\r\v\f")
		for i := 0; i < len(s) && plain; i++ {
			plain = s[i] < 0x80
		}
		if !plain {
			return
		}
		// Without quotes and escapes, words are what strings.Fields finds.
		if want := strings.Fields(s); err != nil || !reflect.DeepEqual(words, want) && len(want)+len(words) > 0 {
			t.Fatalf("splitWords(%q) = %q, %v; want %q", s, words, err, want)
		}
	})
}
