package fasthttp

import (
	"strconv"
	"time"

	"github.com/healthlite/healthlite/core"
	"github.com/valyala/fasthttp"
)

// appendResponse appends to dst the HTTP/1.1 answer the event loop sends
// for resp, with the headers fasthttp sends for it: the status line, Date
// (date, rendered by appendDate), the Content-Type when resp has one, the
// router's extra headers, Content-Length and the body — neither for a
// 1xx, 204 or 304 status, and no body for HEAD —, and Connection: close
// when the connection closes after it.
func appendResponse(dst []byte, resp *core.Response, head, close bool, date []byte) []byte {
	dst = append(dst, "HTTP/1.1 "...)
	dst = strconv.AppendInt(dst, int64(resp.Status), 10)
	dst = append(dst, ' ')
	dst = append(dst, fasthttp.StatusMessage(resp.Status)...)
	dst = append(dst, "\r\nDate: "...)
	dst = append(dst, date...)
	if resp.ContentType != "" {
		dst = append(dst, "\r\nContent-Type: "...)
		dst = append(dst, resp.ContentType...)
	}
	for _, h := range resp.Headers {
		dst = append(dst, "\r\n"...)
		dst = append(dst, h.Key...)
		dst = append(dst, ": "...)
		dst = append(dst, h.Value...)
	}
	body := !bodyless(resp.Status)
	if body {
		dst = append(dst, "\r\nContent-Length: "...)
		dst = strconv.AppendInt(dst, int64(len(resp.Body)), 10)
	}
	if close {
		dst = append(dst, "\r\nConnection: close"...)
	}
	dst = append(dst, "\r\n\r\n"...)
	if body && !head {
		dst = append(dst, resp.Body...)
	}
	return dst
}

// bodyless reports whether a response with this status has neither body
// nor Content-Length (RFC 9110, 6.4.1 and 8.6).
func bodyless(status int) bool {
	return status < 200 || status == 204 || status == 304
}

// appendDate appends t as an HTTP date, "Wed, 02 Dec 2026 14:26:08 GMT".
func appendDate(dst []byte, t time.Time) []byte {
	return t.UTC().AppendFormat(dst, "Mon, 02 Jan 2006 15:04:05 GMT")
}
