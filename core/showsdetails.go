package core

// ShowsDetails reports whether req may see details under Options.Details:
// check messages, ?verbose, and check names where a protocol lists them
// (gRPC health's List). Transports other than HTTP's fill req.Local alone.
func (h *Health) ShowsDetails(req *Request) bool { return h.opts.Details.allowed(req) }
