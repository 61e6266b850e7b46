package core

import "github.com/healthlite/healthlite/core/coretest"

// The test clock of core/coretest, under the names core's own tests (and
// their example package) have always used.
type ManualClock = coretest.ManualClock

// NewManualClock is coretest.NewManualClock.
var NewManualClock = coretest.NewManualClock
