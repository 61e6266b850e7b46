package core

import "time"

// The times core writes are in UTC, formatted here from the Unix time
// rather than by time.Time.AppendFormat: the time package's formatting and
// calendar reach its time zone code (loading the local zone), some 6 KB of
// a microcontroller's flash that a UTC timestamp does not need.

// civil is a UTC date and time of day, to the millisecond.
type civil struct {
	year, month, day, hour, min, sec, milli int
}

// civilOf returns t's date and time of day in UTC, for any year
// time.Time.Year would report (the proleptic Gregorian calendar).
func civilOf(t time.Time) civil {
	secs := t.Unix()
	days := secs / 86400
	rem := secs % 86400
	if rem < 0 {
		rem += 86400
		days--
	}
	// Days since 1970-01-01 to a date: Howard Hinnant's civil_from_days,
	// with eras of 400 years (146,097 days) starting on March 1.
	z := days + 719468
	era := z / 146097
	if z < 0 && z%146097 != 0 {
		era--
	}
	doe := z - era*146097                                  // day of era, [0, 146096]
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365 // year of era, [0, 399]
	doy := doe - (365*yoe + yoe/4 - yoe/100)               // day of year from March 1, [0, 365]
	mp := (5*doy + 2) / 153                                // month from March, [0, 11]
	c := civil{
		year:  int(yoe + era*400),
		day:   int(doy - (153*mp+2)/5 + 1),
		month: int(mp + 3),
		hour:  int(rem / 3600),
		min:   int(rem / 60 % 60),
		sec:   int(rem % 60),
		milli: t.Nanosecond() / 1e6,
	}
	if c.month > 12 {
		c.month -= 12
		c.year++
	}
	return c
}

// sameDay reports whether c and d are on the same date.
func (c civil) sameDay(d civil) bool {
	return c.year == d.year && c.month == d.month && c.day == d.day
}

// appendDate appends "2006-01-02" (the year with at least four digits, a
// sign when negative, as time's layout writes it).
func (c civil) appendDate(dst []byte) []byte {
	y := c.year
	if y < 0 {
		dst = append(dst, '-')
		y = -y
	}
	dst = appendPadded(dst, y, 4)
	dst = appendPadded(append(dst, '-'), c.month, 2)
	return appendPadded(append(dst, '-'), c.day, 2)
}

// appendClock appends "15:04:05".
func (c civil) appendClock(dst []byte) []byte {
	dst = appendPadded(dst, c.hour, 2)
	dst = appendPadded(append(dst, ':'), c.min, 2)
	return appendPadded(append(dst, ':'), c.sec, 2)
}

// appendDateTime appends t in UTC as "2006-01-02 15:04:05" with sep
// between the date and the time of day, and returns its civil form.
func appendDateTime(dst []byte, t time.Time, sep byte) ([]byte, civil) {
	c := civilOf(t)
	return c.appendClock(append(c.appendDate(dst), sep)), c
}

// appendPadded appends n ≥ 0 with at least width digits.
func appendPadded(dst []byte, n, width int) []byte {
	var buf [20]byte
	i := len(buf)
	for n >= 10 || width > 1 {
		i--
		buf[i] = byte('0' + n%10)
		n /= 10
		width--
	}
	i--
	buf[i] = byte('0' + n)
	return append(dst, buf[i:]...)
}
