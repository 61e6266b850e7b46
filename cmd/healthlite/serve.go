package main

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"github.com/healthlite/healthlite/core"
	"github.com/healthlite/healthlite/internal/botlog"
	"github.com/healthlite/healthlite/transport"
)

const serveIntro = `Usage: healthlite serve [flags]

Runs the health server for a process written in anything: /health, /healthz,
/livez, /readyz, /metrics, the /status page and gRPC health (grpc.health.v1)
on the first free port of --ports, fed by active checks (--check), by the
process itself through the push API (--push with --flag, --heartbeat,
--status), and kept in a health file (--health-file).
SIGTERM or SIGINT turns readiness off, waits --drain-delay, then stops (exit 0).

Examples:
  healthlite serve --ports 8080-8084 --check db=tcp:127.0.0.1:5432
  healthlite serve --push 127.0.0.1:9901-9905 --push-port-file /tmp/bot_push \
      --flag bot_ready --heartbeat bot,ttl=30s --health-file /tmp/bot_healthy
  healthlite serve --check api=http:http://127.0.0.1:8000/ping,expect=200,interval=5s \
      --check disk=exec:'/usr/lib/nagios/plugins/check_disk -w 10% -c 5% -p /',critical=false

--check NAME=KIND:TARGET[,key=value…] kinds and keys:
  http:URL            expect=200-399 (codes and ranges), contains=TEXT, method=GET,
                      header=Name:Value (repeatable); for https:// ca=FILE, cert=FILE,
                      key=FILE, server-name=NAME, insecure-skip-verify
  cert:HOST:PORT      days until the TLS server's certificate expires (or cert:FILE.pem);
                      warn-days=14 fail-days=3, server-name=NAME, cert=FILE key=FILE
  tcp:HOST:PORT       dial
  grpc:HOST:PORT      grpc.health.v1 Check over h2c; service=NAME (default "": the whole server)
  file:PATH           ttl=30s (the file must have been modified within it)
  exec:COMMAND ARGS   Nagios plugin rules: exit 0/1/2/3, first line is the message
  wasm:FILE.wasm      config.KEY=VALUE, allow=HOST:PORT, arg=ARG (repeatable); compile caps
                      max-functions=20000 max-code-size=2097152 max-function-size=65536
  disk:PATH           free space and inodes: warn=10% fail=5% (or bytes: fail=1GiB)
  memory              available memory: warn=10% fail=5%; pressure-warn=, pressure-fail=
                      (percent of time stalled, /proc/pressure/memory)
  load                1-minute load per CPU: warn=2 fail=4; pressure-warn=, pressure-fail=
  dns:NAME            resolves (Go's resolver, /etc/resolv.conf); expect=IP, server=HOST:PORT
  process:PIDFILE     the pid in the file is running
  every kind          interval=10s timeout=2s initial-delay=0s rise=1 fall=1
                      critical=true groups=ready (live, ready, startup joined by +)
                      fast-interval, down-interval: between runs while rise/fall
                      counts and while failing (default min(interval, 1s))

--flag NAME starts false (NAME=true to start true) and --heartbeat NAME fails
readiness until its first beat (liveness waits for its first ttl): the
service is not ready until the process says so.`

// serveConfig is everything "healthlite serve" was told.
type serveConfig struct {
	ports       []int
	transport   string
	grpc        bool // serve grpc.health.v1 on the same port
	grpcUnavail bool // NOT_SERVING as status 14, for AWS ALB
	addr        string
	service     string
	portFile    string
	strict      bool
	environment string
	details     core.Details
	passingCode int
	failingCode int
	checks      []*checkSpec
	flags       []flagSpec
	heartbeats  []heartbeatSpec
	statuses    []statusSpec
	push        *pushAddr
	pushFile    string // --push-port-file
	healthFile  string
	maxConns    int // 0: auto
	fileRefresh time.Duration
	drainDelay  time.Duration
	stopTimeout time.Duration
	logFormat   string
	logLevel    slog.Level

	agent        *agentAddr // --agent: HAProxy agent-check listener
	agentWeight  int
	drainingCode int // 0: the failing code
	lbHeaders    core.LBHeaders
	stateFile    string
	statusPage   bool // --status-page: serve /status
	history      int  // --history: results kept per check; 0: none
	flapLow      float64
	flapHigh     float64

	tls            tlsServe // --tls-cert, --tls-key, --client-ca, --details-token-file
	singleInstance string   // "", "exit" or "ready"
}

// parseServe reads serve's flags and environment. It returns nil after
// writing usage (--help; exit 0) or one error line (exit 2).
func parseServe(args []string, stdout, stderr io.Writer) (*serveConfig, int) {
	cfg := &serveConfig{}
	o := newOptions("serve", serveIntro)
	ports := &portsValue{}
	tr := &stringValue{s: "loop", choice: []string{"fasthttp", "loop", "stdlib"}}
	addr := &stringValue{}
	service := &stringValue{s: "healthlite"}
	portFile := &stringValue{}
	strict := &boolValue{}
	grpcOn := &boolValue{b: true}
	grpcUnavail := &boolValue{}
	env := &stringValue{s: "development"}
	details := &stringValue{s: "local", choice: []string{"all", "local", "none"}}
	passingCode := &codeValue{code: 200}
	failingCode := &codeValue{code: 503}
	checksList := listInto(&cfg.checks, parseCheckSpec)
	flagsList := listInto(&cfg.flags, parseFlagSpec)
	hbList := listInto(&cfg.heartbeats, parseHeartbeatSpec)
	stList := listInto(&cfg.statuses, parseStatusSpec)
	push := &pushValue{}
	pushFile := &stringValue{}
	single := &singleInstanceValue{}
	healthFile := &stringValue{}
	maxConns := &maxConnsValue{}
	fileRefresh := &durationValue{}
	drain := &durationValue{}
	stopTimeout := &durationValue{d: 10 * time.Second}
	logFormat := &stringValue{s: "text", choice: []string{"text", "json"}}
	logLevel := &stringValue{s: "info", choice: []string{"debug", "info", "warning", "error"}}
	agent := &agentValue{}
	agentWeight := &weightValue{n: 50}
	drainingCode := &drainingCodeValue{}
	lbHeaders := &stringValue{s: "none", choice: []string{"none", "envoy"}}
	stateFile := &stringValue{}
	statusPage := &boolValue{b: true}
	history := &historyValue{n: core.DefaultHistory}
	flapLow := &flapValue{pct: core.DefaultFlapLow}
	flapHigh := &flapValue{pct: core.DefaultFlapHigh}

	o.add("ports", "LIST", []string{"HEALTHLITE_PORTS", "HEALTH_SERVER_PORTS"}, ports, "ports to try in order: 8080,8081 or ranges 8080-8084; 0 = any free port")
	o.add("transport", "NAME", []string{"HEALTHLITE_TRANSPORT"}, tr, "HTTP server: fasthttp, loop (fasthttp with probes answered by an epoll event loop, on Linux) or stdlib (net/http)")
	o.add("grpc", "", []string{"HEALTHLITE_GRPC"}, grpcOn, "serve gRPC health (grpc.health.v1, h2c) on the same port; --grpc=false turns it off")
	o.add("grpc-unavailable", "", []string{"HEALTHLITE_GRPC_UNAVAILABLE"}, grpcUnavail, "answer a NOT_SERVING gRPC Check with status 14 UNAVAILABLE (AWS ALB reads only the status code)")
	o.add("addr", "HOST", []string{"HEALTHLITE_ADDR"}, addr, "address to bind (default all interfaces, IPv4 and IPv6)")
	o.add("service", "NAME", []string{"HEALTHLITE_SERVICE"}, service, "service name, shown in /health?verbose and used to spot duplicate instances")
	o.add("port-file", "PATH", []string{"HEALTHLITE_PORT_FILE"}, portFile, "write the bound port to this file (for probe --port-file and scripts)")
	o.add("strict", "", []string{"HEALTHLITE_STRICT"}, strict, "exit with status 2 when no port is free (default: carry on without a listener)")
	o.add("environment", "NAME", []string{"HEALTHLITE_ENVIRONMENT", "ENVIRONMENT"}, env, "environment shown in /health")
	o.add("details", "WHO", []string{"HEALTHLITE_DETAILS"}, details, "who sees check messages and ?verbose: all, local (loopback clients) or none")
	o.add("passing-code", "CODE", []string{"HEALTHLITE_PASSING_CODE"}, passingCode, "HTTP status of a passing /health, /healthz, /livez, /readyz answer")
	o.add("failing-code", "CODE", []string{"HEALTHLITE_FAILING_CODE"}, failingCode, "HTTP status of a failing answer (some load balancers want 500 or 429)")
	o.add("check", "SPEC", []string{"HEALTHLITE_CHECKS"}, checksList, "active check NAME=KIND:TARGET[,key=value…] (see above)")
	o.add("flag", "NAME[=true]", []string{"HEALTHLITE_FLAGS"}, flagsList, "boolean shown in /health, set with POST /flags/NAME; starts false; false fails readiness unless ,informational")
	o.add("heartbeat", "NAME[,ttl=30s]", []string{"HEALTHLITE_HEARTBEATS"}, hbList, "fails when POST /heartbeat/NAME has not come within ttl; before the first beat it fails readiness only")
	o.add("status", "NAME[,groups=ready]", []string{"HEALTHLITE_STATUSES"}, stList, "check whose status the process sets with POST /status/NAME (unknown until set)")
	o.add("push", "ADDR", []string{"HEALTHLITE_PUSH"}, push, "push API on 127.0.0.1:PORTS, [::1]:PORTS, localhost:PORTS or unix:PATH (never another address); PORTS fall back like --ports (9901-9905, 0 = any free port); a unix PATH with %d tries push-1.sock, push-2.sock… until one is free")
	o.add("push-port-file", "PATH", []string{"HEALTHLITE_PUSH_PORT_FILE"}, pushFile, "write the push API's port (or unix:PATH) to this file, removed on exit, so clients find it")
	o.add("single-instance", "", []string{"HEALTHLITE_SINGLE_INSTANCE"}, single, "one instance per --service: a flock on $XDG_RUNTIME_DIR (else /run/healthlite)/healthlite-SERVICE.lock held for the process's life; a second copy exits 2 naming the holder's pid and command line; --single-instance=ready runs it anyway, not ready while another instance holds the lock or answers on a port of --ports")
	o.add("max-conns", "N", []string{"HEALTHLITE_MAX_CONNS"}, maxConns, "HTTP connections served at once; past it the oldest idle ones are closed, and an eighth is kept for loopback clients (auto: the open file limit less a reserve for the checks)")
	o.add("health-file", "PATH", []string{"HEALTHLITE_HEALTH_FILE", "HEALTH_FILE"}, healthFile, "keep the /health JSON in this file while healthy; removed while not and on exit; refused when it holds a file healthlite did not write")
	o.add("health-file-refresh", "DURATION", []string{"HEALTHLITE_HEALTH_FILE_REFRESH"}, fileRefresh, "also rewrite the health file at most this often for uptime_seconds and last_heartbeat (default: only when a status changes)")
	o.add("drain-delay", "DURATION", []string{"HEALTHLITE_DRAIN_DELAY"}, drain, "on SIGTERM, answer /readyz 503 this long before stopping")
	o.add("stop-timeout", "DURATION", []string{"HEALTHLITE_STOP_TIMEOUT"}, stopTimeout, "after the drain delay, wait this long for requests in flight")
	o.add("agent", "HOST:PORTS", []string{"HEALTHLITE_AGENT"}, agent, "HAProxy agent-check listener, e.g. 127.0.0.1:9700 (ports fall back like --ports)")
	o.add("agent-degraded-weight", "PERCENT", []string{"HEALTHLITE_AGENT_DEGRADED_WEIGHT"}, agentWeight, "weight the agent asks for while degraded (up ready N%)")
	o.add("draining-code", "CODE", []string{"HEALTHLITE_DRAINING_CODE"}, drainingCode, "HTTP status of /readyz while draining or in maintenance (default the failing code; 404 for HAProxy's disable-on-404)")
	o.add("lb-headers", "NAME", []string{"HEALTHLITE_LB_HEADERS"}, lbHeaders, "load-balancer headers on health answers: none or envoy (x-envoy-degraded, x-envoy-immediate-health-check-fail)")
	o.add("state-file", "PATH", []string{"HEALTHLITE_STATE_FILE"}, stateFile, "keep maintenance mode in this file, so it survives restarts; an unreadable file starts in maintenance")
	o.add("status-page", "", []string{"HEALTHLITE_STATUS_PAGE"}, statusPage, "serve the HTML status page at /status (details as --details allows); --status-page=false turns it off")
	o.add("history", "N", []string{"HEALTHLITE_HISTORY"}, history, "results each check keeps for ?verbose, /status and flap detection (a run, a Set or a beat each); 0 turns history and flap detection off")
	o.add("flap-low", "PERCENT", []string{"HEALTHLITE_FLAP_LOW"}, flapLow, "a flapping check stops flapping below this percent state change over its history")
	o.add("flap-high", "PERCENT", []string{"HEALTHLITE_FLAP_HIGH"}, flapHigh, "a check starts flapping at this percent state change over its history (weighted toward recent results, as Nagios)")
	cfg.tls.addFlags(o)
	o.add("log-format", "FORMAT", []string{"HEALTHLITE_LOG_FORMAT"}, logFormat, "text (the bot server's line format) or json")
	o.add("log-level", "LEVEL", []string{"HEALTHLITE_LOG_LEVEL"}, logLevel, "debug, info, warning or error")

	if err := o.parse(args, stdout, stderr); err != nil {
		if errors.Is(err, errUsage) {
			return nil, 2
		}
		return nil, 0
	}
	if ports.ports == nil {
		ports.Set(transport.DefaultPorts)
	}
	cfg.ports = ports.ports
	cfg.transport = tr.s
	cfg.grpc, cfg.grpcUnavail = grpcOn.b, grpcUnavail.b
	cfg.addr = addr.s
	cfg.service = service.s
	cfg.portFile = portFile.s
	cfg.strict = strict.b
	cfg.environment = env.s
	cfg.details = map[string]core.Details{"all": core.DetailsAll, "local": core.DetailsLocal, "none": core.DetailsNone}[details.s]
	cfg.passingCode, cfg.failingCode = passingCode.code, failingCode.code
	cfg.push = push.addr
	cfg.pushFile = pushFile.s
	cfg.singleInstance = single.mode
	cfg.healthFile = healthFile.s
	cfg.maxConns = maxConns.n
	cfg.fileRefresh = fileRefresh.d
	cfg.drainDelay = drain.d
	cfg.stopTimeout = stopTimeout.d
	cfg.logFormat = logFormat.s
	cfg.agent, cfg.agentWeight = agent.addr, agentWeight.n
	cfg.drainingCode = drainingCode.code
	cfg.lbHeaders = map[string]core.LBHeaders{"none": core.LBHeadersNone, "envoy": core.LBHeadersEnvoy}[lbHeaders.s]
	cfg.stateFile = stateFile.s
	cfg.statusPage = statusPage.b
	cfg.history, cfg.flapLow, cfg.flapHigh = history.n, flapLow.pct, flapHigh.pct
	cfg.logLevel = map[string]slog.Level{"debug": slog.LevelDebug, "info": slog.LevelInfo, "warning": slog.LevelWarn, "error": slog.LevelError}[logLevel.s]
	if err := cfg.crossCheck(); err != nil {
		o.fail(stderr, "%v", err)
		return nil, 2
	}
	return cfg, -1
}

// crossCheck finds mistakes that involve several flags.
func (cfg *serveConfig) crossCheck() error {
	if err := cfg.tls.check(); err != nil {
		return err
	}
	if cfg.flapLow > cfg.flapHigh {
		return fmt.Errorf("--flap-low %g is above --flap-high %g; a check would stop flapping before it could start", cfg.flapLow, cfg.flapHigh)
	}
	if cfg.grpcUnavail && !cfg.grpc {
		return errors.New("--grpc-unavailable needs gRPC served; it cannot go with --grpc=false")
	}
	seen := map[string]string{}
	claim := func(name, what string) error {
		if prev, dup := seen[name]; dup {
			return errors.New("name " + quote(name) + " is used by " + prev + " and " + what + "; names must be unique")
		}
		seen[name] = what
		return nil
	}
	for _, c := range cfg.checks {
		if err := claim(c.cfg.Name, "--check"); err != nil {
			return err
		}
	}
	for _, f := range cfg.flags {
		if err := claim(f.name, "--flag"); err != nil {
			return err
		}
	}
	for _, hb := range cfg.heartbeats {
		if err := claim(hb.name, "--heartbeat"); err != nil {
			return err
		}
	}
	for _, st := range cfg.statuses {
		if err := claim(st.name, "--status"); err != nil {
			return err
		}
	}
	for _, f := range []struct{ flag, path string }{{"--health-file", cfg.healthFile}, {"--port-file", cfg.portFile}, {"--state-file", cfg.stateFile}, {"--push-port-file", cfg.pushFile}} {
		if f.path == "" {
			continue
		}
		if fi, err := os.Stat(filepath.Dir(f.path)); err != nil || !fi.IsDir() {
			return errors.New(f.flag + " " + f.path + ": directory " + filepath.Dir(f.path) + " does not exist")
		}
	}
	if cfg.push == nil && cfg.pushFile != "" {
		return errors.New("--push-port-file needs --push")
	}
	if cfg.push == nil && len(cfg.flags)+len(cfg.heartbeats)+len(cfg.statuses) > 0 {
		return errors.New("--flag, --heartbeat and --status are set through the push API: add --push 127.0.0.1:PORT or --push unix:PATH")
	}
	return nil
}

func quote(s string) string { return `"` + s + `"` }

// newLogger returns the serve logger: the bot server's line format on
// stderr, or slog's JSON.
func newLogger(format string, level slog.Level, w io.Writer) *slog.Logger {
	if format == "json" {
		return slog.New(slog.NewJSONHandler(w, &slog.HandlerOptions{Level: level}))
	}
	return slog.New(botlog.NewHandler(w, botlog.Options{Level: level}))
}

// portsValue is --ports: a port list checked when given.
type portsValue struct {
	text  string
	ports []int
}

func (v *portsValue) String() string {
	if v.text == "" {
		return transport.DefaultPorts
	}
	return v.text
}

func (v *portsValue) Set(s string) error {
	p, err := transport.ParsePorts(s)
	if err != nil {
		return libError(err)
	}
	v.text, v.ports = s, p
	return nil
}

// pushValue is --push: a loopback or unix address, checked when given.
type pushValue struct{ addr *pushAddr }

func (v *pushValue) String() string {
	if v.addr == nil {
		return ""
	}
	if v.addr.network == "unix" {
		return "unix:" + v.addr.addr
	}
	return v.addr.addr
}

func (v *pushValue) Set(s string) error {
	a, err := parsePushAddr(s)
	if err != nil {
		return err
	}
	v.addr = &a
	return nil
}
