package transport

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

func TestParsePorts(t *testing.T) {
	tests := []struct {
		in   string
		want []int
	}{
		{"8080", []int{8080}},
		{"8080,8081,8082", []int{8080, 8081, 8082}},
		{"8080-8084", []int{8080, 8081, 8082, 8083, 8084}},
		{DefaultPorts, []int{8080, 8081, 8082, 8083, 8084}},
		{" 9090 , 8080-8082 ", []int{9090, 8080, 8081, 8082}},
		{"0", []int{0}},
		{"9000,0", []int{9000, 0}},
		{"65535", []int{65535}},
		{"7-7", []int{7}},
	}
	for _, tt := range tests {
		got, err := ParsePorts(tt.in)
		if err != nil || !slices.Equal(got, tt.want) {
			t.Errorf("ParsePorts(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
	}
}

func TestParsePortsErrors(t *testing.T) {
	tests := []struct{ in, want string }{
		{"8080,abc", `healthlite: port list "8080,abc": "abc" is not a port number (want 0-65535 or a range like 8080-8084)`},
		{"70000", `healthlite: port list "70000": "70000" is out of range (want 0-65535)`},
		{"99999999999999999999", `healthlite: port list "99999999999999999999": "99999999999999999999" is out of range (want 0-65535)`},
		{"9-3", `healthlite: port list "9-3": "9-3" is a descending range (want low-high, like 3-9)`},
		{"8080,,8081", `healthlite: port list "8080,,8081": empty item (want a port like 8080 or a range like 8080-8084)`},
		{"8080,", `healthlite: port list "8080,": empty item (want a port like 8080 or a range like 8080-8084)`},
		{"", `healthlite: port list "": empty (want a port like 8080, a list like 8080,8081 or a range like 8080-8084)`},
		{"  ", `healthlite: port list "  ": empty (want a port like 8080, a list like 8080,8081 or a range like 8080-8084)`},
		{"-8080", `healthlite: port list "-8080": "-8080" is not a port number (want 0-65535 or a range like 8080-8084)`},
		{"8080-", `healthlite: port list "8080-": "8080-" is not a port number (want 0-65535 or a range like 8080-8084)`},
		{"1-2-3", `healthlite: port list "1-2-3": "1-2-3" is not a port number (want 0-65535 or a range like 8080-8084)`},
		{"+80", `healthlite: port list "+80": "+80" is not a port number (want 0-65535 or a range like 8080-8084)`},
		{"0-10", `healthlite: port list "0-10": "0-10": port 0 (any free port) cannot be part of a range`},
		{"8080-8084,8082", `healthlite: port list "8080-8084,8082": "8082" repeats port 8082`},
		{"1-65535", `healthlite: port list "1-65535": "1-65535" makes the list longer than 1024 ports`},
	}
	for _, tt := range tests {
		got, err := ParsePorts(tt.in)
		if err == nil {
			t.Errorf("ParsePorts(%q) = %v, want error %q", tt.in, got, tt.want)
			continue
		}
		if err.Error() != tt.want {
			t.Errorf("ParsePorts(%q) error\n got %q\nwant %q", tt.in, err, tt.want)
		}
	}
}

// FuzzParsePorts checks that ParsePorts never panics, returns only valid,
// distinct ports in list order, and that its result prints back to a list
// that parses the same.
func FuzzParsePorts(f *testing.F) {
	for _, s := range []string{"8080", "8080-8084", "8080,abc", "9-3", "0", " 1 , 2-4", ",", "65535-65536"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		ports, err := ParsePorts(s)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "healthlite: port list ") || strings.Contains(err.Error(), "\n") && !strings.Contains(s, "\n") {
				t.Fatalf("bad error %q", err)
			}
			return
		}
		if len(ports) == 0 || len(ports) > maxPorts {
			t.Fatalf("ParsePorts(%q) = %d ports", s, len(ports))
		}
		seen := map[int]bool{}
		var items []string
		for _, p := range ports {
			if p < 0 || p > 65535 || (p != 0 && seen[p]) {
				t.Fatalf("ParsePorts(%q) = %v: bad or repeated port %d", s, ports, p)
			}
			seen[p] = true
			items = append(items, fmt.Sprint(p))
		}
		again, err := ParsePorts(strings.Join(items, ","))
		if err != nil || !slices.Equal(again, ports) {
			t.Fatalf("round trip of %v: %v, %v", ports, again, err)
		}
	})
}
