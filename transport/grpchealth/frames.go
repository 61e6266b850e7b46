package grpchealth

import (
	"encoding/binary"
	"io"

	"golang.org/x/net/http2"
)

// frame reads the payload of the frame fh heads and acts on it. The frames
// of every request (HEADERS, CONTINUATION, DATA) and the frequent control
// frames (PING, WINDOW_UPDATE) are parsed here without allocating; the
// rare ones go through the Framer.
func (c *conn) frame(fh http2.FrameHeader) error {
	switch fh.Type {
	case http2.FrameData, http2.FrameHeaders, http2.FrameContinuation, http2.FramePing, http2.FrameWindowUpdate:
	default:
		f, err := c.fr.ReadFrameForHeader(fh)
		if err != nil {
			return err
		}
		return c.rareFrame(f)
	}
	if int(fh.Length) > cap(c.buf) { // grown on demand: an idle connection holds little
		c.buf = make([]byte, max(int(fh.Length), 512))
	}
	p := c.buf[:fh.Length]
	if _, err := io.ReadFull(c.br, p); err != nil {
		return err
	}
	switch fh.Type {
	case http2.FrameData:
		return c.onData(fh, p)
	case http2.FrameHeaders:
		return c.onHeaders(fh, p)
	case http2.FrameContinuation:
		return c.onContinuation(fh, p)
	case http2.FramePing:
		return c.onPing(fh, p)
	}
	return c.onWindowUpdate(fh, p)
}

// unpad strips the padding of a DATA or HEADERS payload.
func unpad(fh http2.FrameHeader, p []byte) ([]byte, error) {
	if !fh.Flags.Has(http2.FlagDataPadded) { // same bit for HEADERS
		return p, nil
	}
	if len(p) == 0 || int(p[0]) >= len(p) {
		return nil, &connError{http2.ErrCodeProtocol, "padding longer than the frame"}
	}
	return p[1 : len(p)-int(p[0])], nil
}

// onData takes a DATA frame: flow control, then the request body.
func (c *conn) onData(fh http2.FrameHeader, p []byte) error {
	if fh.StreamID == 0 {
		return &connError{http2.ErrCodeProtocol, "DATA on stream 0"}
	}
	data, err := unpad(fh, p)
	if err != nil {
		return err
	}
	c.recvWindow -= int64(fh.Length)
	if c.recvWindow < 0 {
		return &connError{http2.ErrCodeFlowControl, "DATA beyond the connection's window"}
	}
	c.recvConsumed += int64(fh.Length)
	end := fh.Flags.Has(http2.FlagDataEndStream)
	if len(data) == 0 && !end {
		if err := c.spend(); err != nil {
			return err
		}
	}
	c.wmu.Lock()
	defer c.wmu.Unlock()
	if c.recvConsumed >= initialWindow/2 {
		c.fr.WriteWindowUpdate(0, uint32(c.recvConsumed))
		c.recvWindow += c.recvConsumed
		c.recvConsumed = 0
	}
	st := c.streams[fh.StreamID]
	if st == nil {
		if fh.StreamID > c.maxStream {
			return &connError{http2.ErrCodeProtocol, "DATA on an idle stream"}
		}
		return nil // a stream this side closed: ignored
	}
	if st.recvEnded {
		c.rst(st, http2.ErrCodeStreamClosed)
		return nil
	}
	st.recvWindow -= int64(fh.Length)
	if st.recvWindow < 0 {
		c.rst(st, http2.ErrCodeFlowControl)
		return nil
	}
	if len(st.body)+len(data) > maxBody {
		c.answer(st, rendered().answerTooLarge)
		return nil
	}
	st.body = append(st.body, data...)
	if end {
		st.recvEnded = true
		c.dispatch(st)
	}
	return nil
}

// onHeaders starts a header block.
func (c *conn) onHeaders(fh http2.FrameHeader, p []byte) error {
	if fh.StreamID == 0 {
		return &connError{http2.ErrCodeProtocol, "HEADERS on stream 0"}
	}
	frag, err := unpad(fh, p)
	if err != nil {
		return err
	}
	if fh.Flags.Has(http2.FlagHeadersPriority) {
		if len(frag) < 5 {
			return &connError{http2.ErrCodeProtocol, "HEADERS too short for its priority"}
		}
		frag = frag[5:]
	}
	c.hdr = reqHeader{}
	c.dec.setEmitEnabled(true)
	c.blockStream, c.blockEnd, c.blockBytes = fh.StreamID, fh.Flags.Has(http2.FlagHeadersEndStream), 0
	c.block = c.block[:0]
	return c.fragment(frag, fh.Flags.Has(http2.FlagHeadersEndHeaders))
}

// onContinuation goes on with a header block (the Framer has checked that
// it follows HEADERS of the same stream).
func (c *conn) onContinuation(fh http2.FrameHeader, p []byte) error {
	if len(p) == 0 || !fh.Flags.Has(http2.FlagContinuationEndHeaders) {
		if err := c.spend(); err != nil { // CONTINUATION flood
			return err
		}
	}
	return c.fragment(p, fh.Flags.Has(http2.FlagContinuationEndHeaders))
}

// fragment takes part of a header block. A block in one frame is decoded
// where it lies; one split over frames is gathered first, up to four times
// MaxHeaderListSize (encoded): a larger one ends the connection.
func (c *conn) fragment(frag []byte, end bool) error {
	c.blockBytes += len(frag)
	if c.blockBytes > 4*c.maxHeader {
		return &connError{http2.ErrCodeEnhanceYourCalm, "header block too large"}
	}
	if !end || len(c.block) > 0 {
		c.block = append(c.block, frag...)
		frag = c.block
	}
	if !end {
		return nil
	}
	err := c.dec.decode(frag)
	if cap(c.block) > 2*maxFrameSize {
		c.block = nil // a rare large block's buffer is not kept
	}
	if err != nil {
		return &connError{http2.ErrCodeCompression, "HPACK: " + err.Error()}
	}
	return c.onRequestHeaders()
}

// onPing answers a PING.
func (c *conn) onPing(fh http2.FrameHeader, p []byte) error {
	if fh.StreamID != 0 {
		return &connError{http2.ErrCodeProtocol, "PING on a stream"}
	}
	if len(p) != 8 {
		return &connError{http2.ErrCodeFrameSize, "PING of a length other than 8"}
	}
	if fh.Flags.Has(http2.FlagPingAck) {
		return nil // the answer to the Watch keepalive
	}
	if err := c.spend(); err != nil {
		return err
	}
	var data [8]byte
	copy(data[:], p)
	c.wmu.Lock()
	c.fr.WritePing(true, data)
	c.wmu.Unlock()
	return nil
}

// onWindowUpdate grows a send window and sends what waited for it.
func (c *conn) onWindowUpdate(fh http2.FrameHeader, p []byte) error {
	if len(p) != 4 {
		return &connError{http2.ErrCodeFrameSize, "WINDOW_UPDATE of a length other than 4"}
	}
	inc := int64(binary.BigEndian.Uint32(p) & 0x7fffffff)
	c.wmu.Lock()
	defer c.wmu.Unlock()
	if fh.StreamID == 0 {
		if inc == 0 {
			return &connError{http2.ErrCodeProtocol, "WINDOW_UPDATE of 0"}
		}
		c.sendWindow += inc
		if c.sendWindow > maxWindow {
			return &connError{http2.ErrCodeFlowControl, "connection window over 2^31-1"}
		}
		c.sendWaiting()
		return nil
	}
	st := c.streams[fh.StreamID]
	if st == nil {
		if fh.StreamID > c.maxStream {
			return &connError{http2.ErrCodeProtocol, "WINDOW_UPDATE on an idle stream"}
		}
		return nil
	}
	if inc == 0 {
		c.rst(st, http2.ErrCodeProtocol)
		return nil
	}
	st.sendWindow += inc
	if st.sendWindow > maxWindow {
		c.rst(st, http2.ErrCodeFlowControl)
		return nil
	}
	c.sendWaiting()
	return nil
}

// rareFrame acts on a frame the Framer parsed.
func (c *conn) rareFrame(f http2.Frame) error {
	switch f := f.(type) {
	case *http2.SettingsFrame:
		if f.IsAck() {
			return nil
		}
		if err := c.spend(); err != nil {
			return err
		}
		return c.onSettings(f)
	case *http2.RSTStreamFrame:
		if err := c.spend(); err != nil { // rapid reset
			return err
		}
		c.wmu.Lock()
		defer c.wmu.Unlock()
		if f.StreamID > c.maxStream {
			return &connError{http2.ErrCodeProtocol, "RST_STREAM on an idle stream"}
		}
		if st := c.streams[f.StreamID]; st != nil {
			c.closeStream(st)
		}
		return nil
	case *http2.GoAwayFrame:
		return errClosed
	case *http2.PushPromiseFrame:
		return &connError{http2.ErrCodeProtocol, "PUSH_PROMISE from a client"}
	}
	return c.spend() // PRIORITY and unknown frames are ignored, within the budget
}

// onSettings applies the client's SETTINGS and acknowledges them.
func (c *conn) onSettings(f *http2.SettingsFrame) error {
	c.wmu.Lock()
	defer c.wmu.Unlock()
	err := f.ForeachSetting(func(s http2.Setting) error {
		if err := s.Valid(); err != nil {
			return err
		}
		switch s.ID {
		case http2.SettingInitialWindowSize:
			delta := int64(s.Val) - c.peerWindow
			c.peerWindow = int64(s.Val)
			for _, st := range c.streams {
				st.sendWindow += delta
				if st.sendWindow > maxWindow {
					return &connError{http2.ErrCodeFlowControl, "stream window over 2^31-1"}
				}
			}
		case http2.SettingMaxFrameSize:
			c.peerMaxFrame = int(s.Val)
		}
		return nil
	})
	if err != nil {
		return err
	}
	c.fr.WriteSettingsAck()
	c.sendWaiting()
	return nil
}
