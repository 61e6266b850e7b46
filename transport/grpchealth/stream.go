package grpchealth

import (
	"time"

	"golang.org/x/net/http2"
)

// stream is one request. Check and List streams are recycled by their
// connection; Watch streams are not (their timer may still hold them).
type stream struct {
	id         uint32
	method     method
	body       []byte
	recvEnded  bool
	recvWindow int64
	sendWindow int64
	local      bool
	trusted    bool
	timeout    time.Duration

	// An answer waiting for flow control: the message still to send, then
	// the trailers.
	pending []byte
	trailer []byte

	// Watch state.
	service   string
	want      Status // the status to report
	sent      Status // the status last reported; sentNone at first
	timer     *time.Timer
	watchOpen bool
}

// sentNone marks a Watch stream that has reported nothing yet.
const sentNone Status = 255

// newStream opens stream id. wmu is held.
func (c *conn) newStream(id uint32) *stream {
	var st *stream
	if n := len(c.free); n > 0 {
		st = c.free[n-1]
		c.free = c.free[:n-1]
		body := st.body[:0]
		*st = stream{body: body}
	} else {
		st = &stream{}
	}
	st.id, st.recvWindow, st.sendWindow = id, initialWindow, c.peerWindow
	c.streams[id] = st
	return st
}

// closeStream forgets st. wmu is held.
func (c *conn) closeStream(st *stream) {
	if c.streams[st.id] != st {
		return
	}
	delete(c.streams, st.id)
	if st.watchOpen {
		st.watchOpen = false
		if st.timer != nil {
			st.timer.Stop()
		}
		c.watching.Add(-1)
		c.srv.watches.Add(-1)
		return
	}
	if st.method != mWatch && len(c.free) < 16 {
		st.pending, st.trailer = nil, nil
		c.free = append(c.free, st)
	}
}

// rst resets st with code. wmu is held.
func (c *conn) rst(st *stream, code http2.ErrCode) {
	c.fr.WriteRSTStream(st.id, code)
	c.closeStream(st)
}

// answer sends a pre-rendered answer on st and closes it, or, when flow
// control holds back its message, sends what it can and leaves the rest
// to sendWaiting. wmu is held.
func (c *conn) answer(st *stream, a *answer) {
	if a.n == 1 { // Trailers-Only
		c.writeTemplate(a.bytes, st.id, 0, -1, -1)
		c.endAnswer(st)
		return
	}
	if a.bytes != nil && int64(len(a.msg)) <= c.sendWindow && int64(len(a.msg)) <= st.sendWindow && len(a.msg) <= c.peerMaxFrame {
		c.writeTemplate(a.bytes, st.id, 0, a.ids[1], a.ids[2])
		c.sendWindow -= int64(len(a.msg))
		st.sendWindow -= int64(len(a.msg))
		c.endAnswer(st)
		return
	}
	c.writeBlock(st.id, 0, rendered().blockHeaders)
	st.pending, st.trailer = a.msg, rendered().blockOK
	c.sendStream(st)
}

// endAnswer closes st once its answer is out, resetting it when the
// client has not finished sending (its request was refused early).
func (c *conn) endAnswer(st *stream) {
	if !st.recvEnded {
		c.fr.WriteRSTStream(st.id, http2.ErrCodeNo)
	}
	c.closeStream(st)
}

// sendStream sends what flow control allows of st's pending message, then
// its trailers. wmu is held.
func (c *conn) sendStream(st *stream) {
	for len(st.pending) > 0 {
		n := int64(len(st.pending))
		n = min(n, c.sendWindow, st.sendWindow, int64(c.peerMaxFrame))
		if n <= 0 {
			return
		}
		c.writeData(st.id, st.pending[:n])
		c.sendWindow -= n
		st.sendWindow -= n
		st.pending = st.pending[n:]
	}
	if st.trailer != nil {
		c.writeBlock(st.id, http2.FlagHeadersEndStream, st.trailer)
		st.trailer = nil
		c.endAnswer(st)
	}
}

// sendWaiting sends what waited for a window. wmu is held.
func (c *conn) sendWaiting() {
	for _, st := range c.streams {
		if c.sendWindow <= 0 {
			return
		}
		if st.trailer != nil {
			c.sendStream(st)
		} else if st.watchOpen {
			c.sendWatch(st)
		}
	}
}

// writeTemplate writes pre-rendered frames with the stream id patched in at
// the frame headers at offsets a, b and d (-1: none). wmu is held.
func (c *conn) writeTemplate(tpl []byte, id uint32, a, b, d int) {
	buf := c.bw.AvailableBuffer()
	if cap(buf) < len(tpl) {
		c.flush()
		buf = c.bw.AvailableBuffer()
		if cap(buf) < len(tpl) {
			buf = make([]byte, 0, len(tpl))
		}
	}
	buf = append(buf, tpl...)
	for _, off := range [3]int{a, b, d} {
		if off >= 0 {
			putStreamID(buf[off:], id)
		}
	}
	c.bw.Write(buf)
}

// writeBlock writes a HEADERS frame carrying a whole block. wmu is held.
func (c *conn) writeBlock(id uint32, flags http2.Flags, block []byte) {
	c.writeFrame(http2.FrameHeaders, flags|http2.FlagHeadersEndHeaders, id, block)
}

// writeData writes a DATA frame. wmu is held.
func (c *conn) writeData(id uint32, data []byte) {
	c.writeFrame(http2.FrameData, 0, id, data)
}

// writeFrame writes one frame without allocating. wmu is held.
func (c *conn) writeFrame(typ http2.FrameType, flags http2.Flags, id uint32, payload []byte) {
	var h [frameHeaderLen]byte
	appendFrameHeader(h[:0], len(payload), typ, flags, id)
	c.bw.Write(h[:])
	c.bw.Write(payload)
}
