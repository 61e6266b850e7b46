package transport

import "sync/atomic"

// ConnCount counts the connections a server holds under one cap in two
// places: a Guard's and an event loop's of its own (transport/fasthttp's
// Server.EventLoop), which accepts on the same socket. Each adds the
// connections it admits and removes the ones it closes, and decides
// against the total, so that together they stay within the cap (give or
// take one admitted by both at the same instant). Each closes only idle
// connections of its own to make room. Safe for concurrent use.
type ConnCount struct {
	locals, remotes atomic.Int64
}

// Add counts delta connections in (or out, when negative), from a
// loopback or unix socket client when local.
func (c *ConnCount) Add(local bool, delta int) {
	if local {
		c.locals.Add(int64(delta))
	} else {
		c.remotes.Add(int64(delta))
	}
}

// Load returns the connections counted, from local and from remote clients.
func (c *ConnCount) Load() (locals, remotes int) {
	return int(c.locals.Load()), int(c.remotes.Load())
}
