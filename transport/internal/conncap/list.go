package conncap

// list is a list of connections, oldest first.
type list[T any, C Conn[T]] struct {
	head, tail *T
	n          int
}

func (l *list[T, C]) push(c C) {
	links := c.Links()
	links.prev, links.next = l.tail, nil
	if l.tail != nil {
		C(l.tail).Links().next = c
	} else {
		l.head = c
	}
	l.tail = c
	l.n++
}

func (l *list[T, C]) unlink(c C) {
	links := c.Links()
	if links.prev != nil {
		C(links.prev).Links().next = links.next
	} else {
		l.head = links.next
	}
	if links.next != nil {
		C(links.next).Links().prev = links.prev
	} else {
		l.tail = links.prev
	}
	links.prev, links.next = nil, nil
	l.n--
}

// oldestIdle returns the oldest idle connection of l, or nil.
func (l *list[T, C]) oldestIdle() C {
	for c := C(l.head); c != nil; c = C(c.Links().next) {
		if c.Idle() {
			return c
		}
	}
	return nil
}
