package core

import "github.com/healthlite/healthlite/core/coretest"

// The test clock of core/coretest, under the names core's own tests (and
// their example package) have always used.
type ManualClock = coretest.ManualClock

// NewManualClock is coretest.NewManualClock.
var NewManualClock = coretest.NewManualClock

// waitFor is coretest.WaitFor: core's tests wait for a snapshot to be
// published as every other package's tests do.
var waitFor = coretest.WaitFor
