package nagios

import (
	"bytes"
	"math"
	"strconv"
	"strings"
)

// Perf is one performance data item, 'label'=value[UOM];[warn];[crit];[min];[max].
//
// Warn, Crit, Min and Max are kept as the plugin wrote them (thresholds are
// ranges such as "10:20" or "@5", not numbers), empty when absent.
type Perf struct {
	Label string
	// Value is the measured value; NaN when the plugin wrote "U" (the value
	// could not be determined).
	Value float64
	// UOM is the unit of measurement: "", "s", "ms", "us", "%", "B", "KB",
	// "MB", "GB", "TB" or "c" (a continuous counter).
	UOM                  string
	Warn, Crit, Min, Max string
}

// Parse splits a plugin's stdout into its message and performance data.
//
// The message is the first line's text before any '|', trimmed of spaces.
// Performance data is read from after the '|' on the first line and, for
// multi-line output, from after the first '|' on a later line to the end
// of the output, as the Nagios guidelines define it. Malformed items (no
// '=', an empty label, a value that is not a number, an unknown unit) are
// skipped; Parse never fails and never panics.
func Parse(out []byte) (message string, perf []Perf) {
	first, rest, _ := bytes.Cut(out, []byte{'\n'})
	text, firstPerf, _ := bytes.Cut(first, []byte{'|'})
	message = strings.TrimSpace(string(text))
	perf = appendPerfs(perf, firstPerf)
	if _, longPerf, ok := bytes.Cut(rest, []byte{'|'}); ok {
		perf = appendPerfs(perf, longPerf)
	}
	return message, perf
}

// appendPerfs parses the space-separated items in data and appends the
// well-formed ones to dst.
func appendPerfs(dst []Perf, data []byte) []Perf {
	i := 0
	for {
		for i < len(data) && isSpace(data[i]) {
			i++
		}
		if i >= len(data) {
			return dst
		}
		var p Perf
		var ok bool
		p, i, ok = parseItem(data, i)
		if ok {
			dst = append(dst, p)
		}
	}
}

// parseItem parses the item starting at data[i] (not a space) and returns
// it, the index just past it, and whether it was well-formed. A malformed
// item is skipped up to the next space.
func parseItem(data []byte, i int) (Perf, int, bool) {
	var p Perf
	var label []byte
	if data[i] == '\'' {
		// Quoted label: '' stands for one quote; it may hold spaces. An
		// unterminated quote spoils only the word it starts.
		open := i
		i++
		for {
			if i >= len(data) {
				return p, skipItem(data, open), false
			}
			c := data[i]
			i++
			if c == '\'' {
				if i < len(data) && data[i] == '\'' {
					label = append(label, '\'')
					i++
					continue
				}
				break
			}
			if c == '\n' || c == '\r' {
				return p, skipItem(data, open), false
			}
			label = append(label, c)
		}
		if i >= len(data) || data[i] != '=' {
			return p, skipItem(data, i), false
		}
	} else {
		start := i
		for i < len(data) && data[i] != '=' && !isSpace(data[i]) {
			i++
		}
		if i >= len(data) || data[i] != '=' {
			return p, skipItem(data, i), false
		}
		label = data[start:i]
	}
	i++ // '='
	start := i
	i = skipItem(data, i)
	if len(label) == 0 || !parseValue(&p, data[start:i]) {
		return p, i, false
	}
	p.Label = string(label)
	return p, i, true
}

// skipItem returns the index of the next space at or after i.
func skipItem(data []byte, i int) int {
	for i < len(data) && !isSpace(data[i]) {
		i++
	}
	return i
}

// parseValue parses value[UOM];[warn];[crit];[min];[max] into p.
func parseValue(p *Perf, s []byte) bool {
	var fields [5][]byte
	for n := 0; ; n++ {
		if n == len(fields) {
			return false // more than five fields
		}
		head, tail, more := bytes.Cut(s, []byte{';'})
		fields[n] = head
		if !more {
			break
		}
		s = tail
	}
	v := fields[0]
	if len(v) == 1 && v[0] == 'U' {
		p.Value = math.NaN()
	} else {
		end := 0
		for end < len(v) && isNumberByte(v[end]) {
			end++
		}
		f, err := strconv.ParseFloat(string(v[:end]), 64)
		if err != nil {
			return false
		}
		uom, ok := knownUOM(v[end:])
		if !ok {
			return false
		}
		p.Value, p.UOM = f, uom
	}
	p.Warn, p.Crit, p.Min, p.Max = string(fields[1]), string(fields[2]), string(fields[3]), string(fields[4])
	return true
}

// knownUOM returns the canonical string for a unit of measurement from the
// guidelines (plus GB, which plugins commonly use), and whether it is one.
func knownUOM(b []byte) (string, bool) {
	switch string(b) {
	case "":
		return "", true
	case "s":
		return "s", true
	case "ms":
		return "ms", true
	case "us":
		return "us", true
	case "%":
		return "%", true
	case "B":
		return "B", true
	case "KB":
		return "KB", true
	case "MB":
		return "MB", true
	case "GB":
		return "GB", true
	case "TB":
		return "TB", true
	case "c":
		return "c", true
	}
	return "", false
}

func isNumberByte(c byte) bool {
	return c >= '0' && c <= '9' || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E'
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r'
}
