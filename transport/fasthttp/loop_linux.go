//go:build linux

package fasthttp

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"os"
	"runtime/debug"
	"strconv"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/healthlite/healthlite/core"
	"github.com/healthlite/healthlite/transport"
)

// loop is the event loop of Server.EventLoop: one goroutine that accepts
// connections on the listener's socket and answers probes (see readProbe)
// with plain system calls on an epoll instance of its own — accept4, then
// per request one read and one write, as nginx does —, handing every other
// connection to fasthttp through hand.
//
// The epoll instance is itself polled by Go's netpoller: the goroutine
// parks in the runtime like any other reader (no thread blocked in a system
// call, no spinning), and wakes when a socket of its own is ready. Timeouts
// and the Date header go by a coarse clock read only when the loop wakes
// for its tick (see tickFor), never per request.
type loop struct {
	h    *core.Health
	tok  *transport.Token
	log  *slog.Logger
	hand *handoff

	lfd  int // the listening socket; -1 once closed
	epfd int
	ep   *os.File // epfd, in Go's netpoller
	rc   syscall.RawConn

	t         timeouts
	tick      time.Duration
	maxHeader int

	events []syscall.EpollEvent
	conns  []*lconn // by descriptor
	spare  []*lconn
	again  []*lconn // stopped reading for fairness, with bytes left unread
	again2 []*lconn // again's spare backing array
	in     []byte   // the read buffer, shared
	out    []byte   // the answers of the connection being served
	req    core.Request
	resp   core.Response
	path   []byte
	date   []byte

	base      time.Time
	now       time.Duration // since base, at the last tick
	nextSweep time.Duration
	cap       loopCap
	accept    acceptRetry

	stopAsked atomic.Int32 // 1: shut down gracefully; 2: at once
	stopping  bool
	done      chan struct{}
	cur       *lconn                 // the connection being served, closed after a panic
	sa        syscall.RawSockaddrAny // a client's address, at accept
	busy      int                    // batches taken without a pause
	broken    error                  // a system call failed that the loop cannot serve without
}

// Loop tuning.
const (
	loopEvents    = 256      // events taken per epoll_wait
	loopReadBuf   = 16 << 10 // the shared read buffer (at least maxHeader)
	loopOutMax    = 64 << 10 // answers buffered before a write, pipelined
	loopReads     = 8        // full reads of one connection per wake-up
	loopConnBuf   = 512      // first size of a connection's own buffer
	loopBusyCheck = 64       // full batches between looks at the clock
)

// errNoLoop says the listener cannot be served by the loop: the Server
// serves it with fasthttp alone.
var errNoLoop = errors.New("the listener is not a TCP listener with a pollable socket")

// startLoop takes ln's socket for a loop serving s and starts the loop:
// the returned loop's hand is the listener fasthttp serves; shared counts
// the connections of both under the cap. On any error ln is left as it was.
func startLoop(s *Server, ln net.Listener, shared *transport.ConnCount, log *slog.Logger) (*loop, error) {
	tl, ok := ln.(*net.TCPListener)
	if !ok {
		return nil, errNoLoop
	}
	rc, err := tl.SyscallConn()
	if err != nil {
		return nil, errNoLoop
	}
	lfd := -1
	var derr error
	if err := rc.Control(func(fd uintptr) {
		r, _, e := syscall.Syscall(syscall.SYS_FCNTL, fd, syscall.F_DUPFD_CLOEXEC, 0)
		if e != 0 {
			derr = e
			return
		}
		lfd = int(r)
	}); err != nil || derr != nil {
		return nil, fmt.Errorf("healthlite: event loop: dup listener: %w", errors.Join(err, derr))
	}
	l := &loop{
		h: s.Health, tok: s.Token, log: log, lfd: lfd, epfd: -1,
		t: s.timeouts(), maxHeader: or(s.MaxHeaderBytes, transport.DefaultMaxHeaderBytes),
		events: make([]syscall.EpollEvent, loopEvents),
		base:   time.Now(), done: make(chan struct{}),
	}
	if err := l.open(); err != nil {
		l.closeAll()
		return nil, err
	}
	l.tick = tickFor(l.t)
	l.in = make([]byte, max(loopReadBuf, l.maxHeader+1))
	l.date = appendDate(nil, l.base)
	l.nextSweep = l.tick
	l.cap = newLoopCap(s.MaxConns, shared, log)
	l.hand = newHandoff(ln.Addr())
	ln.Close() // the loop's duplicate keeps the socket open
	if err := l.wake(); err != nil {
		l.closeAll()
		return nil, err
	}
	go l.run()
	return l, nil
}

// open makes the epoll instance, puts it in Go's netpoller and adds the
// listening socket to it.
func (l *loop) open() error {
	epfd, err := syscall.EpollCreate1(syscall.EPOLL_CLOEXEC)
	if err != nil {
		return fmt.Errorf("healthlite: event loop: %w", os.NewSyscallError("epoll_create1", err))
	}
	l.epfd = epfd
	if err := syscall.SetNonblock(epfd, true); err != nil {
		return fmt.Errorf("healthlite: event loop: %w", err)
	}
	l.ep = os.NewFile(uintptr(epfd), "epoll")
	if err := l.ep.SetReadDeadline(time.Time{}); err != nil {
		return errNoLoop // not in the netpoller: nothing would wake the loop
	}
	if l.rc, err = l.ep.SyscallConn(); err != nil {
		return errNoLoop
	}
	ev := syscall.EpollEvent{Events: syscall.EPOLLIN | epollET, Fd: int32(l.lfd)}
	if err := syscall.EpollCtl(epfd, syscall.EPOLL_CTL_ADD, l.lfd, &ev); err != nil {
		return fmt.Errorf("healthlite: event loop: %w", os.NewSyscallError("epoll_ctl", err))
	}
	return nil
}

// epollET is EPOLLET as the uint32 of EpollEvent.Events.
const epollET = 1 << 31

// tickFor returns how often the loop wakes to enforce t and renew the Date
// header: a quarter of the shortest timeout, within 5ms and 250ms.
func tickFor(t timeouts) time.Duration {
	d := 250 * time.Millisecond
	for _, v := range []time.Duration{t.read, t.write, t.idle} {
		if v > 0 && v/4 < d {
			d = v / 4
		}
	}
	return max(d, 5*time.Millisecond)
}

// run serves until the loop has shut down or failed.
func (l *loop) run() {
	defer close(l.done)
	for {
		err := l.serve()
		if l.broken != nil {
			err = l.broken
		}
		if l.stopping && (l.cap.n() == 0 || l.stopAsked.Load() == 2) {
			l.closeAll()
			return
		}
		if err != nil && !errors.Is(err, os.ErrDeadlineExceeded) {
			l.log.Error("Event loop failed: the listener is closed and Serve returns the error", "err", err)
			l.closeAll()
			l.hand.fail(err)
			return
		}
		l.onTick()
	}
}

// serve waits for and handles events until the epoll instance's deadline
// (the next tick) passes, recovering from a panic by closing the
// connection that caused it.
func (l *loop) serve() (err error) {
	defer func() {
		if r := recover(); r != nil {
			l.log.Error("Event loop recovered from a panic; closing the connection", "panic", r, "stack", string(debug.Stack()))
			if l.cur != nil {
				l.close(l.cur)
			}
			l.out = l.out[:0]
			err = nil
		}
	}()
	return l.rc.Read(l.poll)
}

// poll takes the ready events and handles them. It returns false, so that
// the runtime parks the goroutine until the epoll instance is readable
// again, unless the loop is done. No last epoll_wait confirms there is
// nothing left: every event that comes after one is taken makes the
// instance readable to the netpoller anew (a nested epoll instance wakes
// its pollers for each event queued), so the runtime wakes the loop for it.
func (l *loop) poll(uintptr) bool {
	for {
		n, err := sysEpollPoll(l.epfd, l.events)
		if err != 0 {
			if err == syscall.EINTR {
				continue
			}
			l.broken = os.NewSyscallError("epoll_wait", err)
			return true
		}
		for i := range n {
			l.event(&l.events[i])
		}
		// The connections that had their share of reads get one more
		// turn each, then the other descriptors theirs.
		again := l.again
		l.again, l.again2 = l.again2[:0], again
		for i, c := range again {
			again[i] = nil
			if c.fd >= 0 && l.readable(c) && c.fd >= 0 && c.hup {
				l.hangUp(c)
			}
		}
		if l.broken != nil || l.stopping && (l.cap.n() == 0 || l.stopAsked.Load() == 2) {
			return true
		}
		if n < len(l.events) && len(l.again) == 0 {
			return false
		}
		// Events without a pause: the tick (timeouts, Date) cannot wait
		// for one. A clock read every loopBusyCheck full batches.
		if l.busy++; l.busy%loopBusyCheck == 0 && time.Since(l.base) >= l.nextSweep {
			return true
		}
	}
}

// event handles one ready descriptor.
func (l *loop) event(ev *syscall.EpollEvent) {
	fd := int(ev.Fd)
	if fd == l.lfd {
		l.acceptAll()
		return
	}
	if fd < 0 || fd >= len(l.conns) || l.conns[fd] == nil {
		return
	}
	c := l.conns[fd]
	if ev.Events&(syscall.EPOLLRDHUP|syscall.EPOLLHUP) != 0 {
		c.hup = true
	}
	if c.out != nil {
		if ev.Events&(syscall.EPOLLOUT|syscall.EPOLLERR|syscall.EPOLLHUP) != 0 {
			l.writable(c)
		}
		return
	}
	if l.readable(c) && c.fd >= 0 && c.hup {
		l.hangUp(c)
	}
}

// onTick reads the clock, renews the Date header, enforces the timeouts,
// retries a paused accept, starts a shutdown asked for, and sets the next
// tick.
func (l *loop) onTick() {
	l.now = time.Since(l.base)
	if l.stopAsked.Load() != 0 && !l.stopping {
		l.beginStop()
	}
	if l.now >= l.nextSweep {
		l.date = appendDate(l.date[:0], time.Now())
		l.sweep()
		l.nextSweep = l.now + l.tick
	}
	if l.accept.paused && l.now >= l.accept.at {
		l.accept.paused = false
		l.acceptAll()
	}
	if err := l.wake(); err != nil {
		l.log.Error("Event loop cannot set its tick", "err", err)
	}
}

// wake sets the epoll instance's deadline at the next tick, or the accept
// retry if sooner.
func (l *loop) wake() error {
	at := l.nextSweep
	if l.accept.paused && l.accept.at < at {
		at = l.accept.at
	}
	return l.ep.SetReadDeadline(l.base.Add(at))
}

// shutdown asks the loop to stop accepting, finish the requests in
// flight and close every connection, and waits until it has or ctx ends;
// then the loop closes what is left at once.
func (l *loop) shutdown(ctx context.Context) error {
	l.stopAsked.CompareAndSwap(0, 1)
	l.ep.SetReadDeadline(time.Unix(1, 0)) // wakes the loop now
	select {
	case <-l.done:
		return nil
	case <-ctx.Done():
		l.stopAsked.Store(2)
		l.ep.SetReadDeadline(time.Unix(1, 0))
		<-l.done
		return ctx.Err()
	}
}

// beginStop closes the listening socket and the idle connections; the
// others close after their answer (see closeAfter).
func (l *loop) beginStop() {
	l.stopping = true
	if l.lfd >= 0 {
		sysClose(l.lfd)
		l.lfd = -1
	}
	for _, c := range l.conns {
		if c != nil && c.Idle() {
			l.close(c)
		}
	}
}

// closeAll closes every connection, the listening socket and the epoll
// instance.
func (l *loop) closeAll() {
	for _, c := range l.conns {
		if c != nil {
			l.close(c)
		}
	}
	if l.lfd >= 0 {
		sysClose(l.lfd)
		l.lfd = -1
	}
	if l.ep != nil {
		l.ep.Close()
	} else if l.epfd >= 0 {
		sysClose(l.epfd)
	}
}

// acceptRetry is the loop's state of accept errors that pass, as Guard
// waits them out: 5ms, doubling up to 1s.
type acceptRetry struct {
	paused   bool
	at       time.Duration
	delay    time.Duration
	failures int
	lastWarn time.Duration
}

// acceptAll accepts every pending connection.
func (l *loop) acceptAll() {
	for l.lfd >= 0 && !l.accept.paused {
		fd, loopback, err := sysAccept(l.lfd, &l.sa)
		if err != 0 {
			switch err {
			case syscall.EAGAIN:
				return
			case syscall.EINTR, syscall.ECONNABORTED, syscall.EPROTO, syscall.EPERM:
				continue
			case syscall.EMFILE, syscall.ENFILE, syscall.ENOBUFS, syscall.ENOMEM:
				l.pauseAccept(err)
				return
			}
			l.broken = os.NewSyscallError("accept4", err) // the listener is broken
			return
		}
		if l.accept.failures > 0 {
			l.log.Info("Accepting connections again after " + strconv.Itoa(l.accept.failures) + " failed attempts")
			l.accept.failures, l.accept.delay = 0, 0
		}
		l.admit(fd, loopback)
	}
}

// pauseAccept stops accepting for a while after err, logging at WARNING
// as Guard does: the first of a run, then at most one every 10 seconds.
func (l *loop) pauseAccept(err error) {
	l.accept.delay = nextDelay(l.accept.delay)
	l.accept.failures++
	now := time.Since(l.base)
	l.accept.paused, l.accept.at = true, now+l.accept.delay
	if l.accept.failures == 1 || now-l.accept.lastWarn >= 10*time.Second {
		l.accept.lastWarn = now
		l.log.Warn("Cannot accept connections, retrying in "+l.accept.delay.String(), "err", os.NewSyscallError("accept4", err), "failures", l.accept.failures)
	}
	if err := l.wake(); err != nil {
		l.log.Error("Event loop cannot set its tick", "err", err)
	}
}

// nextDelay is the wait before the next accept after a failure.
func nextDelay(d time.Duration) time.Duration {
	if d == 0 {
		return 5 * time.Millisecond
	}
	return min(2*d, time.Second)
}
