package fasthttp

import (
	"bytes"
	"strings"
)

// probe is a request the event loop (see Server.EventLoop) answers itself:
// what a load balancer, the kubelet or a scraper sends. Its strings alias
// the loop's read buffer until the answer is written.
type probe struct {
	method string // "GET" or "HEAD"
	target string // origin form, every %-escape well formed
	host   string
	accept string
	auth   string // the Authorization header
	close  bool   // Connection: close
}

// probeState is what readProbe found at the start of a buffer.
type probeState uint8

const (
	probeIncomplete probeState = iota // a prefix of a probe: read on
	probeComplete                     // a whole probe, its length returned
	probeOther                        // anything else: fasthttp serves it
)

// readProbe reads the request at the start of b when it is a probe: GET or
// HEAD of an origin-form target with well-formed %-escapes, HTTP/1.1,
// CRLF line ends, a Host header, header names that are tokens, values
// without control characters, and no header that asks for more than a
// plain answer (a body, a transfer coding, an upgrade, an expectation, a
// Connection option other than close or keep-alive) nor one of Host,
// Accept or Authorization twice. It returns the probe and its length, or
// probeIncomplete while b is a prefix of one no longer than max bytes, or
// probeOther. Every request that is not a probe goes to fasthttp, which
// answers it, or refuses it, as it answers requests without the loop: the
// loop never refuses a request itself.
func readProbe(b []byte, max int) (p probe, n int, st probeState) {
	if !probeStart(b) {
		return p, 0, probeOther
	}
	full := len(b) >= max
	if full {
		b = b[:max]
	}
	line, rest, ok := cutLine(b)
	if !ok {
		return p, 0, prefixState(rest, full)
	}
	switch {
	case strings.HasPrefix(line, "GET "):
		p.method, line = line[:3], line[4:]
	case strings.HasPrefix(line, "HEAD "):
		p.method, line = line[:4], line[5:]
	default:
		return p, 0, probeOther
	}
	sp := strings.IndexByte(line, ' ')
	if sp < 1 || line[sp+1:] != "HTTP/1.1" || line[0] != '/' {
		return p, 0, probeOther
	}
	p.target = line[:sp]
	if !plainTarget(p.target) {
		return p, 0, probeOther
	}
	var hosts, accepts, auths int
	for {
		line, rest, ok = cutLine(rest)
		if !ok {
			return p, 0, prefixState(rest, full)
		}
		if line == "" {
			if hosts != 1 || accepts > 1 || auths > 1 {
				return p, 0, probeOther
			}
			return p, len(b) - len(rest), probeComplete
		}
		colon := 0
		for colon < len(line) && tokenByte[line[colon]] {
			colon++
		}
		if colon == 0 || colon == len(line) || line[colon] != ':' {
			return p, 0, probeOther
		}
		name, value := line[:colon], trimOWS(line[colon+1:])
		if !plainValue(value) {
			return p, 0, probeOther
		}
		switch len(name) {
		case 4:
			if strings.EqualFold(name, "host") {
				p.host, hosts = value, hosts+1
				if value == "" {
					return p, 0, probeOther
				}
			}
		case 6:
			if strings.EqualFold(name, "accept") {
				p.accept, accepts = value, accepts+1
			} else if strings.EqualFold(name, "expect") {
				return p, 0, probeOther
			}
		case 7:
			if strings.EqualFold(name, "upgrade") {
				return p, 0, probeOther
			}
		case 10:
			if strings.EqualFold(name, "connection") {
				switch {
				case strings.EqualFold(value, "close"):
					p.close = true
				case strings.EqualFold(value, "keep-alive"):
				default:
					return p, 0, probeOther
				}
			}
		case 13:
			if strings.EqualFold(name, "authorization") {
				p.auth, auths = value, auths+1
			}
		case 14:
			if strings.EqualFold(name, "content-length") && value != "0" {
				return p, 0, probeOther
			}
		case 17:
			if strings.EqualFold(name, "transfer-encoding") {
				return p, 0, probeOther
			}
		}
	}
}

// probeStart reports whether b may start a probe: whether it starts
// "GET " or "HEAD ", or is shorter and a prefix of one. Anything else, such
// as a TLS handshake sent to a plain HTTP port, goes to fasthttp at once
// rather than waiting for a line end.
func probeStart(b []byte) bool {
	s := unsafeString(b[:min(len(b), 5)])
	return strings.HasPrefix("GET ", s[:min(len(s), 4)]) || strings.HasPrefix("HEAD ", s)
}

// cutLine cuts the line at the start of b, which must end in CRLF, and
// returns it without its end, and the rest of b. ok is false when b holds no
// whole line; rest is then b, or nil when b holds a bare LF (not CRLF).
func cutLine(b []byte) (line string, rest []byte, ok bool) {
	i := bytes.IndexByte(b, '\n')
	if i < 0 {
		return "", b, false
	}
	if i == 0 || b[i-1] != '\r' {
		return "", nil, false
	}
	return unsafeString(b[:i-1]), b[i+1:], true
}

// prefixState is readProbe's answer when the buffer holds no whole
// request: rest is what follows its last whole line, nil after a bare LF;
// full says the buffer is as long as a request may be. A bare LF, or a
// request that does not end within max bytes, goes to fasthttp (which
// answers the one 400 and the other 431).
func prefixState(rest []byte, full bool) probeState {
	if rest == nil || full {
		return probeOther
	}
	return probeIncomplete
}

// plainTarget reports whether target is printable ASCII with every '%'
// starting a %XX escape.
func plainTarget(target string) bool {
	for i := 0; i < len(target); i++ {
		switch c := target[i]; {
		case c <= ' ' || c >= 0x7f:
			return false
		case c == '%':
			if i+2 >= len(target) || !isHex(target[i+1]) || !isHex(target[i+2]) {
				return false
			}
		}
	}
	return true
}

// plainValue reports whether a header value has no control character
// other than a tab.
func plainValue(v string) bool {
	for i := 0; i < len(v); i++ {
		if c := v[i]; c < ' ' && c != '\t' || c == 0x7f {
			return false
		}
	}
	return true
}

// trimOWS trims the optional white space (spaces and tabs) around a value.
func trimOWS(v string) string {
	for v != "" && (v[0] == ' ' || v[0] == '\t') {
		v = v[1:]
	}
	for v != "" && (v[len(v)-1] == ' ' || v[len(v)-1] == '\t') {
		v = v[:len(v)-1]
	}
	return v
}
