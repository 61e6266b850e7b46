package nagios_test

import (
	"fmt"

	"github.com/healthlite/healthlite/internal/nagios"
)

func ExampleParse() {
	out := []byte("PING OK - Packet loss = 0%, RTA = 0.05 ms|rta=0.052ms;100;500;0 'packet loss'=0%;20;60;0\n")
	msg, perf := nagios.Parse(out)
	fmt.Println(msg)
	for _, p := range perf {
		fmt.Printf("%s = %g %s (warn %s, crit %s)\n", p.Label, p.Value, p.UOM, p.Warn, p.Crit)
	}
	fmt.Println(nagios.StatusOf(0), nagios.StatusOf(2), nagios.StatusOf(3))
	// Output:
	// PING OK - Packet loss = 0%, RTA = 0.05 ms
	// rta = 0.052 ms (warn 100, crit 500)
	// packet loss = 0 % (warn 20, crit 60)
	// pass fail unknown
}
