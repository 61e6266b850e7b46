package sdnotify_test

import (
	"fmt"

	"github.com/healthlite/healthlite/internal/sdnotify"
)

// A service started by systemd with WatchdogSec=10s receives
// WATCHDOG_USEC=10000000 and sends WATCHDOG=1 at half that interval.
func ExampleWatchdogInterval() {
	d, err := sdnotify.WatchdogInterval("10000000", "", 1)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("interval", d, "- send every", d/2)
	// Output: interval 10s - send every 5s
}
