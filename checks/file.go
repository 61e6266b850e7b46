package checks

import (
	"context"
	"os"
	"time"

	"github.com/healthlite/healthlite/core"
)

// File returns a check that passes while path exists and, when ttl > 0, was
// modified within the last ttl: the heartbeat file a process touches to say
// it is alive, for processes that cannot call the push API. Its message says
// how long ago the file was modified ("/run/bot.beat modified 4s ago") and
// Value is that age in seconds.
func File(path string, ttl time.Duration) core.Checker {
	return &fileCheck{path: path, ttl: ttl, now: time.Now}
}

type fileCheck struct {
	path string
	ttl  time.Duration
	now  func() time.Time // time.Now; tests fix it
}

func (c *fileCheck) Check(_ context.Context, r *core.Result) {
	fi, err := os.Stat(c.path)
	if err != nil {
		failFile(r, c.path, err)
		return
	}
	age := max(c.now().Sub(fi.ModTime()), 0)
	r.Value, r.HasValue = age.Seconds(), true
	r.Message = c.path + " modified " + round(age).String() + " ago"
	if c.ttl > 0 && age > c.ttl {
		r.Status = core.StatusFail
		r.Message += ", over the " + c.ttl.String() + " ttl"
		return
	}
	r.Status = core.StatusPass
}
