package main

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/healthlite/healthlite/checks"
	"github.com/healthlite/healthlite/core"
	"github.com/healthlite/healthlite/wasm"
)

// checkSpec is one parsed --check 'NAME=KIND:TARGET[,key=value…]'.
type checkSpec struct {
	cfg    core.CheckConfig // everything but Check, which build sets
	kind   string           // http, tcp, grpc, file, exec, wasm
	target string

	expect   checks.StatusRanges // http: passing statuses, e.g. 200-299,304
	contains string              // http: required body text
	ttl      time.Duration       // file: maximum age of the file
	argv     []string            // exec: the command
	config   map[string]string   // wasm: config.K=V
	allow    []string            // wasm: allow=host:port
	args     []string            // wasm: arg=ARG, a command module's arguments
	caps     wasmCaps            // wasm: max-functions, max-code-size, max-function-size
	service  string              // grpc: the service asked for
	box      boxSpec             // disk, memory, load, dns, process (boxspec.go)
	web      webSpec             // http, cert: TLS, method, headers, expiry days
}

// wasmCaps are a wasm check's compile caps; zero means wasm's default.
type wasmCaps struct{ functions, code, functionSize int }

// checkKinds lists the kinds with the keys each accepts besides the common ones.
var checkKinds = map[string][]string{
	"http": {"expect", "contains", "method", "header", "ca", "cert", "key", "server-name", "insecure-skip-verify"},
	"cert": {"warn-days", "fail-days", "server-name", "cert", "key"},
	"tcp":  nil,
	"grpc": {"service"},
	"file": {"ttl"},
	"exec": nil,
	"wasm": {"config.KEY", "allow", "arg", "max-functions", "max-code-size", "max-function-size"},
}

const commonKeys = "interval, fast-interval, down-interval, timeout, initial-delay, rise, fall, critical, groups"

// parseCheckSpec parses a --check value. Options follow the target after
// commas; a comma-separated piece that does not start with "key=" continues
// what precedes it, so "exec:echo a,b" keeps its comma and
// "expect=200-299,304" its list. A URL containing ",key=" can write the comma
// as %2C.
func parseCheckSpec(s string) (*checkSpec, error) {
	name, rest, ok := strings.Cut(s, "=")
	if !ok {
		return nil, errors.New("want NAME=KIND:TARGET[,key=value…], e.g. db=tcp:127.0.0.1:5432")
	}
	if err := validName(name); err != nil {
		return nil, err
	}
	if k, more, hasOpts := strings.Cut(rest, ","); targetless(k) {
		rest = k + ":" // memory and load take no target
		if hasOpts {
			rest += "," + more
		}
	}
	kind, rest, ok := strings.Cut(rest, ":")
	_, known := checkKinds[kind]
	if _, box := boxKinds[kind]; !known && !box {
		return nil, fmt.Errorf("unknown check kind %q (want http, tcp, grpc, cert, file, exec, wasm, disk, memory, load, dns or process)", kind)
	}
	if !ok {
		return nil, fmt.Errorf("%s check without a target", kind)
	}
	sp := &checkSpec{cfg: core.CheckConfig{Name: name}, kind: kind}
	pieces := strings.Split(rest, ",")
	target := pieces[0]
	var opts []string
	for _, p := range pieces[1:] {
		switch {
		case looksLikeOption(p):
			opts = append(opts, p)
		case len(opts) == 0:
			target += "," + p
		default:
			opts[len(opts)-1] += "," + p
		}
	}
	sp.target = strings.TrimSpace(target)
	for _, o := range opts {
		if o == insecureFlag {
			o += "=true"
		}
		key, val, ok := strings.Cut(o, "=")
		if !ok || key == "" {
			return nil, fmt.Errorf("option %q: want key=value", o)
		}
		if err := sp.setOption(key, val); err != nil {
			return nil, err
		}
	}
	if err := sp.validateTimeout(); err != nil {
		return nil, err
	}
	if err := sp.validateTarget(); err != nil {
		return nil, err
	}
	if _, box := boxKinds[kind]; box {
		if err := sp.validateBox(); err != nil {
			return nil, err
		}
	}
	return sp, nil
}

// validateTimeout refuses a timeout that is not shorter than the interval
// (either may be the default): a run that timed out would still be ending
// when the next is due, and the check would alternate between "timeout"
// and "the previous run is still running". Without a timeout, core takes
// 2s or half the interval, whichever is shorter.
func (sp *checkSpec) validateTimeout() error {
	interval, timeout := sp.cfg.Interval, sp.cfg.Timeout
	if interval == 0 {
		interval = core.DefaultInterval
	}
	if timeout != 0 && timeout >= interval {
		return fmt.Errorf("timeout=%s is not shorter than interval=%s: a run that times out would still be running when the next is due; make the timeout shorter than the interval", timeout, interval)
	}
	return nil
}

// optionError says which key=value of a spec is wrong and why, on one line:
// a value with control or non-printable characters is shown quoted.
func optionError(key, val string, err error) error {
	shown := val
	for _, r := range val {
		if !strconv.IsPrint(r) || r == utf8.RuneError {
			shown = strconv.Quote(val)
			break
		}
	}
	return fmt.Errorf("%s=%s: %w", key, shown, err)
}

// looksLikeOption reports whether p starts with an option key: letters,
// digits, '-', '.' or '_' followed by '='.
func looksLikeOption(p string) bool {
	if p == insecureFlag {
		return true
	}
	key, _, ok := strings.Cut(p, "=")
	if !ok || key == "" {
		return false
	}
	for i := 0; i < len(key); i++ {
		c := key[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.' || c == '_') {
			return false
		}
	}
	return true
}

// validName applies the library's rule for names (core.ValidName).
func validName(name string) error {
	var ce *core.CheckError
	if err := core.ValidName(name); errors.As(err, &ce) {
		if name == "" {
			return errors.New(ce.Reason)
		}
		return fmt.Errorf("name %q: %s", name, ce.Reason)
	}
	return nil
}

func (sp *checkSpec) setOption(key, val string) error {
	var err error
	switch key {
	case "interval":
		sp.cfg.Interval, err = positiveDuration(key, val)
	case "fast-interval":
		sp.cfg.FastInterval, err = positiveDuration(key, val)
	case "down-interval":
		sp.cfg.DownInterval, err = positiveDuration(key, val)
	case "timeout":
		sp.cfg.Timeout, err = positiveDuration(key, val)
	case "initial-delay":
		sp.cfg.InitialDelay, err = parseDuration(val)
	case "rise":
		sp.cfg.Rise, err = threshold(key, val)
	case "fall":
		sp.cfg.Fall, err = threshold(key, val)
	case "critical":
		b, ok := parseBool(val)
		if !ok {
			return fmt.Errorf("critical=%q: want true or false", val)
		}
		sp.cfg.NonCritical = !b
	case "groups":
		sp.cfg.Groups, err = parseGroups(val)
	default:
		return sp.setKindOption(key, val)
	}
	if err != nil {
		return optionError(key, val, err)
	}
	return nil
}

func (sp *checkSpec) setKindOption(key, val string) error {
	if ok, err := sp.web.set(sp.kind, key, val); ok {
		return err
	}
	switch {
	case sp.kind == "http" && key == "expect":
		rs, err := checks.ParseStatusRanges(val)
		if err != nil {
			return libError(err)
		}
		sp.expect = rs
	case sp.kind == "http" && key == "contains":
		sp.contains = val
	case sp.kind == "grpc" && key == "service":
		sp.service = val
	case sp.kind == "file" && key == "ttl":
		d, err := positiveDuration(key, val)
		if err != nil {
			return optionError(key, val, err)
		}
		sp.ttl = d
	case sp.kind == "wasm" && strings.HasPrefix(key, "config.") && len(key) > len("config."):
		if sp.config == nil {
			sp.config = map[string]string{}
		}
		sp.config[key[len("config."):]] = val
	case sp.kind == "wasm" && key == "allow":
		if err := wasm.ValidateAllow([]string{val}); err != nil {
			return err
		}
		sp.allow = append(sp.allow, val)
	case sp.kind == "wasm" && key == "arg":
		sp.args = append(sp.args, val)
	case sp.kind == "wasm" && (key == "max-functions" || key == "max-code-size" || key == "max-function-size"):
		n, err := strconv.Atoi(val)
		if err != nil || n <= 0 {
			return optionError(key, val, errors.New("want a positive whole number"))
		}
		switch key {
		case "max-functions":
			sp.caps.functions = n
		case "max-code-size":
			sp.caps.code = n
		default:
			sp.caps.functionSize = n
		}
	default:
		if handled, err := sp.setBoxOption(key, val); handled {
			return err
		}
		known := commonKeys
		extra := checkKinds[sp.kind]
		if b, box := boxKinds[sp.kind]; box {
			extra = b
		}
		if len(extra) > 0 {
			known += ", " + strings.Join(extra, ", ")
		}
		return fmt.Errorf("unknown key %q for a %s check (known: %s)", key, sp.kind, known)
	}
	return nil
}

func (sp *checkSpec) validateTarget() error {
	if sp.target == "" && !targetless(sp.kind) {
		return fmt.Errorf("%s check without a target", sp.kind)
	}
	switch sp.kind {
	case "http":
		u, err := url.Parse(sp.target)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return fmt.Errorf("%q is not an http:// or https:// URL", sp.target)
		}
	case "tcp", "grpc":
		host, port, err := net.SplitHostPort(sp.target)
		if err != nil || host == "" {
			return fmt.Errorf("%q: want HOST:PORT, e.g. 127.0.0.1:5432", sp.target)
		}
		if n, err := strconv.Atoi(port); err != nil || n < 1 || n > 65535 {
			return fmt.Errorf("%q: port %q is not 1-65535", sp.target, port)
		}
	case "exec":
		argv, err := splitWords(sp.target)
		if err != nil {
			return fmt.Errorf("command %q: %w", sp.target, err)
		}
		if len(argv) == 0 {
			return errors.New("exec check without a command")
		}
		sp.argv = argv
	}
	return sp.web.validate(sp.kind, sp.target)
}

func positiveDuration(key, s string) (time.Duration, error) {
	d, err := parseDuration(s)
	if err == nil && d == 0 {
		err = fmt.Errorf("%s must be more than 0", key)
	}
	return d, err
}

func threshold(key, s string) (int, error) {
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 || n > 1000 {
		return 0, fmt.Errorf("%s must be a whole number from 1 to 1000", key)
	}
	return n, nil
}

// parseGroups parses "live+ready+startup" (any order, at least one).
func parseGroups(s string) (core.Groups, error) {
	var g core.Groups
	for _, w := range strings.Split(s, "+") {
		switch w {
		case "live":
			g |= core.GroupLive
		case "ready":
			g |= core.GroupReady
		case "startup":
			g |= core.GroupStartup
		default:
			return 0, fmt.Errorf("unknown group %q (want live, ready, startup joined by +)", w)
		}
	}
	return g, nil
}

// splitWords splits a command line into words the way a POSIX shell does for
// plain words, 'single' and "double" quotes and backslash escapes, without
// any expansion.
func splitWords(s string) ([]string, error) {
	var words []string
	var w strings.Builder
	inWord := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n':
			if inWord {
				words = append(words, w.String())
				w.Reset()
				inWord = false
			}
		case c == '\'':
			end := strings.IndexByte(s[i+1:], '\'')
			if end < 0 {
				return nil, errors.New("unterminated ' quote")
			}
			w.WriteString(s[i+1 : i+1+end])
			i += end + 1
			inWord = true
		case c == '"':
			i++
			for ; i < len(s) && s[i] != '"'; i++ {
				if s[i] == '\\' && i+1 < len(s) && strings.IndexByte("\\\"$`", s[i+1]) >= 0 {
					i++
				}
				w.WriteByte(s[i])
			}
			if i >= len(s) {
				return nil, errors.New("unterminated \" quote")
			}
			inWord = true
		case c == '\\':
			if i+1 >= len(s) {
				return nil, errors.New("trailing backslash")
			}
			i++
			w.WriteByte(s[i])
			inWord = true
		default:
			w.WriteByte(c)
			inWord = true
		}
	}
	if inWord {
		words = append(words, w.String())
	}
	return words, nil
}
