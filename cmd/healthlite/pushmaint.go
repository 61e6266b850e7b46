package main

import (
	"net/http"
	"strings"
)

// maintenance answers /maintenance on the push API:
//
//	GET    /maintenance   "on since 2026-12-02T06:00:00Z: REASON" or "off"
//	POST   /maintenance   turns it on; the body, if any, is the reason
//	DELETE /maintenance   turns it off
//
// Switching answers 200 with the new state, or 500 when the state file
// could not be written (the switch took effect all the same).
func (p *pushHandler) maintenance(w http.ResponseWriter, r *http.Request) {
	switch r.Method {
	case http.MethodGet, http.MethodHead:
		reply(w, http.StatusOK, "maintenance "+maintText(p.t.maint.h.Maintenance()))
		return
	case http.MethodPost, http.MethodDelete:
	default:
		methodNotAllowed(w, r, "GET, POST, DELETE", "POST to turn maintenance on, DELETE to turn it off, GET to see it")
		return
	}
	reason, ok := readPushBody(w, r)
	if !ok {
		return
	}
	reason = strings.Join(strings.Fields(reason), " ") // one line
	st, err := p.t.maint.set(r.Method == http.MethodPost, reason)
	if err != nil {
		reply(w, http.StatusInternalServerError, "maintenance "+maintText(st)+", but "+err.Error())
		return
	}
	reply(w, http.StatusOK, "maintenance "+maintText(st))
}
