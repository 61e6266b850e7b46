package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"
)

// errUsage reports bad input after its one-line message has been written;
// run turns it into exit status 2 (1 for probe, which Docker must never see
// exit 2).
var errUsage = errors.New("usage error")

// flagSyntax rewrites the flag package's "-name" to the "--name" this
// program documents.
var flagSyntax = strings.NewReplacer("flag -", "flag --", "for -", "for --", ": -", ": --")

// options is a subcommand's flag set in which every flag can also be given by
// environment variables, so a container or unit file configures the binary
// without a command line. A flag on the command line wins over the
// environment; the first environment variable set wins over the later ones.
type options struct {
	cmd   string // "serve", "probe": for messages and usage
	intro string // usage text printed before the flag table
	fs    *flag.FlagSet
	list  []*option
	set   map[string]bool // flags given on the command line
}

// option is one flag with its environment variables and documentation.
type option struct {
	name  string
	arg   string // placeholder in the usage, e.g. "LIST"; empty for a boolean
	envs  []string
	value flag.Value
	def   string // shown as the default; empty means none
	usage string
}

func newOptions(cmd, intro string) *options {
	fs := flag.NewFlagSet("healthlite "+cmd, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	return &options{cmd: cmd, intro: intro, fs: fs}
}

// add defines flag --name with its environment variables.
func (o *options) add(name, arg string, envs []string, v flag.Value, usage string) {
	o.fs.Var(v, name, usage)
	o.list = append(o.list, &option{name: name, arg: arg, envs: envs, value: v, def: v.String(), usage: usage})
}

// parse reads args, then the environment for every flag not given on the
// command line. It writes usage to stdout for --help (and returns
// flag.ErrHelp), or one line to stderr naming the problem (and returns
// errUsage).
func (o *options) parse(args []string, stdout, stderr io.Writer) error {
	if err := o.fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			o.usage(stdout)
			return err
		}
		return o.fail(stderr, "%s", flagSyntax.Replace(err.Error()))
	}
	if o.fs.NArg() > 0 {
		return o.fail(stderr, "unexpected argument %q", o.fs.Arg(0))
	}
	o.set = map[string]bool{}
	o.fs.Visit(func(f *flag.Flag) { o.set[f.Name] = true })
	for _, opt := range o.list {
		if o.set[opt.name] {
			continue
		}
		for _, env := range opt.envs {
			val, ok := os.LookupEnv(env)
			if !ok || val == "" {
				continue
			}
			if err := setFromEnv(opt.value, val); err != nil {
				return o.fail(stderr, "invalid value %q for %s (flag --%s): %v", val, env, opt.name, err)
			}
			break
		}
	}
	return nil
}

// setFromEnv sets v from an environment value; repeatable flags take several
// values separated by ';'.
func setFromEnv(v flag.Value, val string) error {
	if _, ok := v.(*listValue); !ok {
		return v.Set(val)
	}
	for _, item := range strings.Split(val, ";") {
		if item = strings.TrimSpace(item); item == "" {
			continue
		}
		if err := v.Set(item); err != nil {
			return err
		}
	}
	return nil
}

// fail writes one line "healthlite CMD: message (see --help)" and returns errUsage.
func (o *options) fail(stderr io.Writer, format string, args ...any) error {
	fmt.Fprintf(stderr, "healthlite %s: %s (run \"healthlite %s --help\" for usage)\n", o.cmd, fmt.Sprintf(format, args...), o.cmd)
	return errUsage
}

// usage writes the subcommand's help: intro, then every flag with its
// environment variables and default.
func (o *options) usage(w io.Writer) {
	fmt.Fprintf(w, "%s\n\nFlags (a flag on the command line wins over its environment variables):\n\n", strings.TrimSpace(o.intro))
	tw := tabwriter.NewWriter(w, 0, 8, 2, ' ', 0)
	for _, opt := range o.list {
		flagText := "--" + opt.name
		if opt.arg != "" {
			flagText += " " + opt.arg
		}
		fmt.Fprintf(tw, "  %s\t%s\n", flagText, opt.usage)
		var more []string
		if len(opt.envs) > 0 {
			more = append(more, "env "+strings.Join(opt.envs, ", "))
		}
		if _, ok := opt.value.(*listValue); ok {
			more = append(more, "repeatable; in the environment separate values with ';'")
		}
		if opt.def != "" {
			more = append(more, "default "+opt.def)
		}
		if len(more) > 0 {
			fmt.Fprintf(tw, "  \t(%s)\n", strings.Join(more, "; "))
		}
	}
	tw.Flush()
}

// stringValue is a string flag, optionally restricted to a set of words.
type stringValue struct {
	s      string
	choice []string
}

func (v *stringValue) String() string { return v.s }

func (v *stringValue) Set(s string) error {
	if len(v.choice) > 0 {
		for _, c := range v.choice {
			if s == c {
				v.s = s
				return nil
			}
		}
		return fmt.Errorf("want one of %s", strings.Join(v.choice, ", "))
	}
	v.s = s
	return nil
}

// durationValue is a non-negative duration flag whose errors say why (the
// flag package only says "parse error").
type durationValue struct{ d time.Duration }

func (v *durationValue) String() string { return v.d.String() }

func (v *durationValue) Set(s string) error {
	d, err := parseDuration(s)
	if err != nil {
		return err
	}
	v.d = d
	return nil
}

// parseDuration parses a non-negative Go duration such as 500ms or 30s.
func parseDuration(s string) (time.Duration, error) {
	d, err := time.ParseDuration(s)
	if err != nil {
		return 0, fmt.Errorf("%q is not a duration (want e.g. 500ms, 30s, 1m)", s)
	}
	if d < 0 {
		return 0, fmt.Errorf("%q is negative", s)
	}
	return d, nil
}

// codeValue is an HTTP status code flag for the answers of the health
// endpoints: 100-599, but not 404 or 405, which the router keeps for
// unknown paths and methods.
type codeValue struct{ code int }

func (v *codeValue) String() string { return strconv.Itoa(v.code) }

func (v *codeValue) Set(s string) error {
	n, err := strconv.Atoi(s)
	if err != nil || n < 100 || n > 599 || n == 404 || n == 405 {
		return fmt.Errorf("%q is not a usable HTTP status (want 100-599, not 404 or 405)", s)
	}
	v.code = n
	return nil
}

// boolValue is a boolean flag: --strict alone means true.
type boolValue struct{ b bool }

func (v *boolValue) String() string {
	if v.b {
		return "true"
	}
	return ""
}

func (v *boolValue) IsBoolFlag() bool { return true }

func (v *boolValue) Set(s string) error {
	b, ok := parseBool(s)
	if !ok {
		return fmt.Errorf("%q is not a boolean (want true or false)", s)
	}
	v.b = b
	return nil
}

// parseBool accepts the words people write in flags and unit files.
func parseBool(s string) (value, ok bool) {
	switch strings.ToLower(s) {
	case "1", "t", "true", "yes", "on":
		return true, true
	case "0", "f", "false", "no", "off":
		return false, true
	}
	return false, false
}

// listValue is a repeatable flag; parse validates each item as it is given,
// so a bad item is reported with the flag or variable that carried it.
type listValue struct {
	items []string
	parse func(string) error
}

func (v *listValue) String() string { return "" }

func (v *listValue) Set(s string) error {
	if v.parse != nil {
		if err := v.parse(s); err != nil {
			return err
		}
	}
	v.items = append(v.items, s)
	return nil
}

// listInto returns a listValue that parses each item with parse and
// appends what it makes of it to *to (serve's --check, --flag, …).
func listInto[T any](to *[]T, parse func(string) (T, error)) *listValue {
	return &listValue{parse: func(s string) error {
		v, err := parse(s)
		if err == nil {
			*to = append(*to, v)
		}
		return err
	}}
}

// maxConnsValue is --max-conns: a positive count, or auto (0), derived from
// the open file limit.
type maxConnsValue struct{ n int }

func (v *maxConnsValue) String() string {
	if v.n == 0 {
		return "auto"
	}
	return strconv.Itoa(v.n)
}

func (v *maxConnsValue) Set(s string) error {
	if s == "auto" {
		v.n = 0
		return nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 {
		return fmt.Errorf("%q is not a connection count (want a number from 1, or auto)", s)
	}
	v.n = n
	return nil
}
