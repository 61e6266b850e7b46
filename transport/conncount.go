package transport

import "github.com/healthlite/healthlite/transport/internal/conncap"

// ConnCount counts the connections a server holds under one cap in two
// places: a Guard's (GuardConfig.Shared) and an event loop's of its own
// (transport/fasthttp's Server.EventLoop), which accepts on the same
// socket. Each adds the connections it admits and removes the ones it
// closes, and decides against the total, so that together they stay within
// the cap (give or take one admitted by both at the same instant). Each
// closes only idle connections of its own to make room. Its methods, Add
// and Load, are safe for concurrent use.
type ConnCount = conncap.Count
