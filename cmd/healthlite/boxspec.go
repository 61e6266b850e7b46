package main

import (
	"errors"
	"fmt"
	"net"
	"net/netip"
	"strconv"

	"github.com/healthlite/healthlite/checks"
	"github.com/healthlite/healthlite/core"
)

// boxSpec holds the keys of the box checks: disk:PATH, memory, load,
// dns:NAME and process:PIDFILE.
type boxSpec struct {
	warn, fail         checks.Limit // disk, memory: floors of what is free
	loadWarn, loadFail float64      // load: ceilings per CPU
	pWarn, pFail       float64      // memory, load: pressure ceilings in percent
	expect             netip.Addr   // dns
	server             string       // dns
}

// boxKinds are the box check kinds with their keys; memory and load take
// no target ("mem=memory,warn=20%").
var boxKinds = map[string][]string{
	"disk":    {"warn", "fail"},
	"memory":  {"warn", "fail", "pressure-warn", "pressure-fail"},
	"load":    {"warn", "fail", "pressure-warn", "pressure-fail"},
	"dns":     {"expect", "server"},
	"process": nil,
}

// targetless reports whether a kind has no target.
func targetless(kind string) bool { return kind == "memory" || kind == "load" }

// setBoxOption sets a key of a box check; handled is false for a key the
// kind does not have.
func (sp *checkSpec) setBoxOption(key, val string) (handled bool, err error) {
	b := &sp.box
	switch {
	case (sp.kind == "disk" || sp.kind == "memory") && (key == "warn" || key == "fail"):
		l, err := checks.ParseLimit(val)
		if err != nil {
			return true, optionError(key, val, err)
		}
		if key == "warn" {
			b.warn = l
		} else {
			b.fail = l
		}
	case sp.kind == "load" && (key == "warn" || key == "fail"):
		v, err := strconv.ParseFloat(val, 64)
		if err != nil || !(v > 0 && v < 1e6) {
			return true, optionError(key, val, errors.New("want a load per CPU above 0, e.g. 1.5"))
		}
		if key == "warn" {
			b.loadWarn = v
		} else {
			b.loadFail = v
		}
	case (sp.kind == "memory" || sp.kind == "load") && (key == "pressure-warn" || key == "pressure-fail"):
		v, err := strconv.ParseFloat(val, 64)
		if err != nil || !(v > 0 && v <= 100) {
			return true, optionError(key, val, errors.New("want a percentage of stalled time above 0 and at most 100"))
		}
		if key == "pressure-warn" {
			b.pWarn = v
		} else {
			b.pFail = v
		}
	case sp.kind == "dns" && key == "expect":
		a, err := netip.ParseAddr(val)
		if err != nil {
			return true, optionError(key, val, errors.New("want an IP address"))
		}
		b.expect = a.Unmap()
	case sp.kind == "dns" && key == "server":
		if _, port, err := net.SplitHostPort(val); err != nil || port == "" {
			return true, optionError(key, val, errors.New("want HOST:PORT, e.g. 127.0.0.1:53"))
		}
		b.server = val
	default:
		return false, nil
	}
	return true, nil
}

// validateBox checks a box spec's target and its limits together.
func (sp *checkSpec) validateBox() error {
	b := &sp.box
	switch {
	case targetless(sp.kind) && sp.target != "":
		return fmt.Errorf("a %s check takes no target (%q): write NAME=%s[,key=value…]", sp.kind, sp.target, sp.kind)
	case sp.kind == "load" && b.loadWarn != 0 && b.loadFail != 0 && b.loadWarn > b.loadFail:
		return errors.New("load warn is above fail: warn must be reached first")
	case b.pWarn != 0 && b.pFail != 0 && b.pWarn > b.pFail:
		return errors.New("pressure-warn is above pressure-fail: warn must be reached first")
	case b.warn.Percent != 0 && b.fail.Percent != 0 && b.warn.Percent < b.fail.Percent,
		b.warn.Bytes != 0 && b.fail.Bytes != 0 && b.warn.Bytes < b.fail.Bytes:
		return errors.New("warn is below fail: the warn floor must be reached first")
	}
	return nil
}

// boxChecker builds the checker of a box spec; values receives its
// measurements for /metrics.
func (sp *checkSpec) boxChecker(values func(string, float64)) core.Checker {
	b := &sp.box
	switch sp.kind {
	case "disk":
		return checks.Disk(sp.target, checks.DiskOptions{Warn: b.warn, Fail: b.fail, Values: values})
	case "memory":
		return checks.Memory(checks.MemoryOptions{Warn: b.warn, Fail: b.fail, PressureWarn: b.pWarn, PressureFail: b.pFail, Values: values})
	case "load":
		return checks.Load(checks.LoadOptions{Warn: b.loadWarn, Fail: b.loadFail, PressureWarn: b.pWarn, PressureFail: b.pFail, Values: values})
	case "dns":
		return checks.DNS(sp.target, checks.DNSOptions{Expect: b.expect, Server: b.server})
	}
	return checks.Process(sp.target)
}
