package core

import (
	"time"
	"unicode/utf8"
)

// kubeGroups returns the groups an endpoint of the Kubernetes family
// answers for, and its name for the trailer line.
func kubeGroups(ep endpoint) (Groups, string) {
	switch ep {
	case epLivez, epLivezCheck:
		return GroupLive, "livez"
	case epReadyz, epReadyzCheck:
		return GroupReady, "readyz"
	}
	return allGroups, "healthz"
}

// reasons says what a failing line of a Kubernetes-style body shows after
// the check's name.
type reasons uint8

const (
	reasonsOmitted reasons = iota // not asked for (no ?verbose): "[-]db failed"
	reasonsShown                  // ?verbose, details allowed: "[-]db failed: connection refused"
	reasonsHidden                 // ?verbose, details refused: "[-]db failed: reason hidden (--details)"
)

// reasonHidden stands for a reason that Options.Details hides (--details in
// the command).
const reasonHidden = "reason hidden (--details)"

// reasonsFor returns the reasons of a body rendered verbose or not.
func reasonsFor(verbose bool) reasons {
	if verbose {
		return reasonsShown
	}
	return reasonsOmitted
}

// appendKube appends the Kubernetes-style body of /healthz, /livez or
// /readyz, as the apiserver writes it, and reports whether it passes (200).
// A passing probe answers "ok" unless its reasons are shown. Otherwise every
// check of the endpoint's groups gets a line "[+]name ok" or "[-]name
// failed", followed by ": reason" as r says, then "readyz check passed" or
// "readyz check failed". While starting or draining, /readyz has a failing
// "startup" or "shutdown" line, and in maintenance a "[-]maintenance" line.
// Checks that ex excludes (none when nil) are left out; excluded names that
// match no check get a warning line.
func (s *Snapshot) appendKube(dst []byte, ep endpoint, r reasons, ex *excludeSet) ([]byte, bool) {
	verbose := r == reasonsShown
	g, word := kubeGroups(ep)
	ok := passing(aggregate(s.checks, g, ex))
	if ep == epReadyz && (s.phase != PhaseRunning || s.maint.On) {
		ok = false
	}
	if ok && !verbose {
		return append(dst, "ok"...), true
	}
	for i := range s.checks {
		c := &s.checks[i]
		if c.Groups&g == 0 || ex.has(i, c.Name) {
			continue
		}
		dst = appendKubeLine(dst, c, r, s.at)
	}
	if ep == epReadyz && s.maint.On {
		dst = append(dst, "[-]maintenance"...)
		dst = appendReason(dst, r, s.maint.reason())
	}
	if ep == epReadyz && s.phase != PhaseRunning {
		if s.phase == PhaseStarting {
			dst = append(dst, "[-]startup failed"...)
			dst = appendReason(dst, r, "startup checks have not all passed yet")
		} else {
			dst = append(dst, "[-]shutdown failed"...)
			dst = appendReason(dst, r, "shutting down")
		}
	}
	if ex != nil {
		dst = ex.appendUnmatched(dst, s)
	}
	dst = append(dst, word...)
	if ok {
		return append(dst, " check passed\n"...), true
	}
	return append(dst, " check failed\n"...), false
}

// appendKubeLine appends "[+]name ok\n" or "[-]name failed\n", the reason
// after a colon as r says. Shown reasons come with the check's history:
// "[-]db failed since 03:02:11Z (flapping): reason", "[+]db ok (flapping)"
// (now is the snapshot's time, to tell whether since was today).
func appendKubeLine(dst []byte, c *CheckState, r reasons, now time.Time) []byte {
	if passing(c.Status) {
		dst = append(dst, "[+]"...)
		dst = appendText(dst, c.Name)
		dst = append(dst, " ok"...)
		if r == reasonsShown && c.Flapping {
			dst = append(dst, " (flapping)"...)
		}
		return append(dst, '\n')
	}
	dst = append(dst, "[-]"...)
	dst = appendText(dst, c.Name)
	dst = append(dst, " failed"...)
	if r == reasonsShown {
		dst = appendSinceText(dst, c, now)
	}
	msg := c.Message
	if msg == "" {
		msg = c.Status.String()
	}
	return appendReason(dst, r, msg)
}

// appendReason appends ": msg" (shown), ": reason hidden (--details)"
// (hidden) or nothing (omitted), and a newline.
func appendReason(dst []byte, r reasons, msg string) []byte {
	switch r {
	case reasonsShown:
		dst = append(dst, ": "...)
		dst = appendText(dst, msg)
	case reasonsHidden:
		dst = append(dst, ": "+reasonHidden...)
	}
	return append(dst, '\n')
}

// appendCheckText appends the body of /readyz/NAME or /livez/NAME for c:
// "ok" when passing unless its reason is shown, else its line.
func appendCheckText(dst []byte, c *CheckState, r reasons, now time.Time) []byte {
	if passing(c.Status) && r != reasonsShown {
		return append(dst, "ok"...)
	}
	return appendKubeLine(dst, c, r, now)
}

// appendText appends s to a line of text, with control characters (line
// breaks included) turned into spaces and invalid UTF-8 into U+FFFD, so a
// message can never forge a line.
func appendText(dst []byte, s string) []byte {
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c < 0x7f {
			dst = append(dst, c)
			i++
			continue
		}
		if c < utf8.RuneSelf {
			dst = append(dst, ' ')
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			dst = append(dst, "\ufffd"...)
		case r < 0xa0 || r == '\u2028' || r == '\u2029':
			dst = append(dst, ' ')
		default:
			dst = append(dst, s[i:i+n]...)
		}
		i += n
	}
	return dst
}
