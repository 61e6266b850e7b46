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

// appendKube appends the Kubernetes-style body of /healthz, /livez or
// /readyz, as the apiserver writes it, and reports whether it passes (200).
// A passing probe without verbose answers "ok". Otherwise every check of the
// endpoint's groups gets a line "[+]name ok" or "[-]name failed: reason",
// the reason withheld unless verbose (which callers set only when details
// are allowed), then "readyz check passed" or "readyz check failed". While
// starting or draining, /readyz has a failing "startup" or "shutdown" line,
// and in maintenance a "[-]maintenance: reason" line.
// Checks that ex excludes (none when nil) are left out; excluded names that match no check
// get a warning line.
func (s *Snapshot) appendKube(dst []byte, ep endpoint, verbose bool, ex *excludeSet) ([]byte, bool) {
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
		dst = appendKubeLine(dst, c, verbose, s.at)
	}
	if ep == epReadyz && s.maint.On {
		dst = append(dst, "[-]maintenance: "...)
		dst = appendReason(dst, verbose, s.maint.reason())
	}
	if ep == epReadyz && s.phase != PhaseRunning {
		if s.phase == PhaseStarting {
			dst = append(dst, "[-]startup failed: "...)
			dst = appendReason(dst, verbose, "startup checks have not all passed yet")
		} else {
			dst = append(dst, "[-]shutdown failed: "...)
			dst = appendReason(dst, verbose, "shutting down")
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

// appendKubeLine appends "[+]name ok\n" or "[-]name failed: reason\n".
func appendKubeLine(dst []byte, c *CheckState, verbose bool, now time.Time) []byte {
	if passing(c.Status) {
		dst = append(dst, "[+]"...)
		dst = appendText(dst, c.Name)
		dst = append(dst, " ok"...)
		if verbose && c.Flapping {
			dst = append(dst, " (flapping)"...)
		}
		return append(dst, '\n')
	}
	dst = append(dst, "[-]"...)
	dst = appendText(dst, c.Name)
	dst = append(dst, " failed"...)
	if verbose {
		dst = appendSinceText(dst, c, now)
	}
	dst = append(dst, ": "...)
	msg := c.Message
	if msg == "" {
		msg = c.Status.String()
	}
	return appendReason(dst, verbose, msg)
}

// appendReason appends msg, or "reason withheld" unless verbose, and a
// newline.
func appendReason(dst []byte, verbose bool, msg string) []byte {
	if !verbose {
		msg = "reason withheld"
	}
	dst = appendText(dst, msg)
	return append(dst, '\n')
}

// appendCheckText appends the body of /readyz/NAME or /livez/NAME for c:
// "ok" when passing without verbose, else its line.
func appendCheckText(dst []byte, c *CheckState, verbose bool, now time.Time) []byte {
	if passing(c.Status) && !verbose {
		return append(dst, "ok"...)
	}
	return appendKubeLine(dst, c, verbose, now)
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
