package transport

import "strings"

// HandlerOption configures the NewHandler of transport/stdlib and
// transport/fasthttp.
type HandlerOption func(*Mount)

// WithPrefix mounts a handler under prefix: with WithPrefix("/ops") it
// answers /ops/readyz/db as /readyz/db, and 404 to any path outside
// /ops/. A trailing slash is ignored and a missing leading one added;
// "" and "/" mean no prefix.
func WithPrefix(prefix string) HandlerOption {
	prefix = strings.TrimRight(prefix, "/")
	if prefix != "" && prefix[0] != '/' {
		prefix = "/" + prefix
	}
	return func(m *Mount) { m.prefix = prefix }
}

// Mount is where a handler is mounted, as its HandlerOptions say. The zero
// value is the root.
type Mount struct {
	prefix string
}

// NewMount applies opts.
func NewMount(opts ...HandlerOption) Mount {
	var m Mount
	for _, o := range opts {
		o(&m)
	}
	return m
}

// Path returns the path the router answers for the request path p: p
// without the prefix, or "" (a 404) when p is not under the prefix.
func (m Mount) Path(p string) string {
	if m.prefix == "" {
		return p
	}
	if len(p) > len(m.prefix) && p[len(m.prefix)] == '/' && p[:len(m.prefix)] == m.prefix {
		return p[len(m.prefix):]
	}
	return ""
}
