package grpchealth

import (
	"time"

	"github.com/healthlite/healthlite/internal/healthwire"
	"golang.org/x/net/http2"
)

// startWatch opens a Watch stream on service: its headers and current
// status at once, then a message per change. wmu is held.
func (c *conn) startWatch(st *stream, service string) {
	if int(c.watching.Load()) >= c.maxWatches {
		c.answer(st, rendered().answerWatchCap)
		return
	}
	if c.srv.watches.Add(1) > int64(or(c.srv.MaxWatches, DefaultMaxWatches)) {
		c.srv.watches.Add(-1)
		c.answer(st, rendered().answerWatchCap)
		return
	}
	c.watching.Add(1)
	st.watchOpen, st.service, st.sent = true, service, sentNone
	st.want = c.watchStatus(st)
	c.writeBlock(st.id, 0, rendered().blockHeaders)
	c.sendWatch(st)
	if st.timeout > 0 {
		st.timer = time.AfterFunc(st.timeout, func() { c.expire(st) })
	}
	if !c.watchLoop {
		c.watchLoop = true
		go c.watchUpdates()
	}
}

// watchStatus is st's service's status in the newest view.
func (c *conn) watchStatus(st *stream) Status {
	st2, ok := c.srv.view.Load().status[st.service]
	if !ok {
		return StatusServiceUnknown
	}
	return st2
}

// sendWatch reports st.want if it is not what was last reported and flow
// control allows; a status that changes again before it could be sent is
// replaced, never queued. wmu is held.
func (c *conn) sendWatch(st *stream) {
	if st.want == st.sent {
		return
	}
	var msg [7]byte
	m := healthwire.AppendMessage(msg[:0], AppendResponse(nil, st.want))
	if int64(len(m)) > c.sendWindow || int64(len(m)) > st.sendWindow {
		return
	}
	c.writeData(st.id, m)
	c.sendWindow -= int64(len(m))
	st.sendWindow -= int64(len(m))
	st.sent = st.want
}

// expire ends st with DEADLINE_EXCEEDED when its grpc-timeout passes.
func (c *conn) expire(st *stream) {
	c.wmu.Lock()
	defer c.wmu.Unlock()
	if c.streams[st.id] != st {
		return
	}
	c.writeBlock(st.id, http2.FlagHeadersEndStream, rendered().trailerDeadline)
	c.closeStream(st)
	c.flush()
}

// wakeWatches tells the Watch goroutine that the view changed.
func (c *conn) wakeWatches() {
	if c.watching.Load() == 0 {
		return
	}
	select {
	case c.wake <- struct{}{}:
	default:
	}
}

// watchUpdates sends Watch updates when the view changes, and pings the
// client at half the Watch idle timeout so that a live client's
// acknowledgements keep the connection open.
func (c *conn) watchUpdates() {
	tick := time.NewTicker(c.watchIdle / 2)
	defer tick.Stop()
	for {
		select {
		case <-c.done:
			return
		case <-c.wake:
			c.wmu.Lock()
			for _, st := range c.streams {
				if st.watchOpen {
					st.want = c.watchStatus(st)
					c.sendWatch(st)
				}
			}
			if c.flush() != nil {
				c.nc.Close()
			}
			c.wmu.Unlock()
		case <-tick.C:
			if c.watching.Load() == 0 {
				continue
			}
			c.wmu.Lock()
			c.fr.WritePing(false, [8]byte{'h', 'e', 'a', 'l', 't', 'h'})
			if c.flush() != nil {
				c.nc.Close()
			}
			c.wmu.Unlock()
		}
	}
}
