package fasthttp

import (
	"bytes"
	"strings"
)

// The request target and header names as net/http reads them, so that both
// transports give the router the same request: fasthttp's own URI
// normalises the path ("//health", "/./health", "/x/../health" and
// "/readyz/..%2fhealthz" all become a built-in endpoint), drops a
// "#fragment", and takes the Host header over an absolute-form target's
// authority; net/http does none of that. healthlite takes the stricter
// reading on both: no normalisation (those paths answer 404), and the
// authority of an absolute-form target is the host (RFC 9112, section
// 3.2.2), as net/http has it.

// splitTarget splits a raw request target as url.ParseRequestURI does: the
// path (still escaped) up to the first '?', the raw query after it (a '#'
// is part of either), and the authority of an absolute-form target
// ("http://host:port/path"), without its userinfo.
func splitTarget(target string) (authority, path, query string) {
	path = target
	if i := strings.IndexByte(target, '?'); i >= 0 {
		path, query = target[:i], target[i+1:]
	}
	if path == "" || path[0] == '/' {
		return "", path, query
	}
	// Absolute form: scheme ":" "//" authority path-abempty, the scheme
	// as net/url reads one (a letter, then letters, digits, '+', '-', '.').
	i := schemeEnd(path)
	if i < 0 {
		return "", path, query
	}
	rest := path[i+1:]
	if len(rest) < 2 || rest[0] != '/' || rest[1] != '/' {
		if rest != "" && rest[0] == '/' {
			return "", rest, query // "a:/x": no authority, the path is "/x"
		}
		return "", "", query // "mailto:x": opaque, no path (net/url's Path is "")
	}
	rest = rest[2:]
	end := len(rest)
	if j := strings.IndexByte(rest, '/'); j >= 0 {
		end = j
	}
	authority, path = rest[:end], rest[end:]
	if j := strings.LastIndexByte(authority, '@'); j >= 0 {
		authority = authority[j+1:]
	}
	return authority, path, query
}

// schemeEnd returns the index of the ':' ending the scheme that target
// starts with, or -1 when it starts with none.
func schemeEnd(target string) int {
	for i := 0; i < len(target); i++ {
		switch c := target[i]; {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z':
		case '0' <= c && c <= '9', c == '+', c == '-', c == '.':
			if i == 0 {
				return -1
			}
		case c == ':' && i > 0:
			return i
		default:
			return -1
		}
	}
	return -1
}

// appendPath appends the decoded path to dst: every %XX escape decoded,
// '+' kept, nothing else changed. A '%' that starts no escape stands for
// itself (the server's guard has refused such targets already).
func appendPath(dst []byte, path string) []byte {
	for i := 0; i < len(path); i++ {
		c := path[i]
		if c == '%' && i+2 < len(path) && isHex(path[i+1]) && isHex(path[i+2]) {
			c = unhex(path[i+1])<<4 | unhex(path[i+2])
			i += 2
		}
		dst = append(dst, c)
	}
	return dst
}

// hasEscape reports whether path holds a '%'.
func hasEscape(path string) bool { return strings.IndexByte(path, '%') >= 0 }

func unhex(c byte) byte {
	switch {
	case c <= '9':
		return c - '0'
	case c <= 'F':
		return c - 'A' + 10
	}
	return c - 'a' + 10
}

// validHeaderNames reports whether every header line of raw (the request's
// header block as received) has a name that is an RFC 9110 token. fasthttp
// accepts a space inside a name ("X Forwarded: …"), which net/http refuses
// with 400; healthlite refuses it on both.
func validHeaderNames(raw []byte) bool {
	for len(raw) > 0 { // raw starts a line
		i := 0
		for i < len(raw) && tokenByte[raw[i]] {
			i++
		}
		if i == len(raw) {
			return true
		}
		switch c := raw[i]; {
		case c == '\n':
		case i > 0 && c == ':':
			// The name ends; the value is not looked at.
		case i == 0 && (c == ' ' || c == '\t' || c == '\r'):
			// A line starting with a space or tab continues the one
			// before (obsolete folding): it has no name. Nor has the
			// blank line ending the block, which ends the scan without
			// a search for its line end (~60 instructions a request).
			if len(raw) == 2 && c == '\r' && raw[1] == '\n' {
				return true
			}
		default:
			return false
		}
		nl := bytes.IndexByte(raw[i:], '\n')
		if nl < 0 {
			return true
		}
		raw = raw[i+nl+1:]
	}
	return true
}

// tokenByte[c] is isToken(c), looked up byte by byte in header names.
var tokenByte = func() (t [256]bool) {
	for c := range t {
		t[c] = isToken(byte(c))
	}
	return t
}()

// isToken reports whether c may appear in an RFC 9110 token.
func isToken(c byte) bool {
	switch {
	case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		return true
	}
	switch c {
	case '!', '#', '$', '%', '&', '\'', '*', '+', '-', '.', '^', '_', '`', '|', '~':
		return true
	}
	return false
}
