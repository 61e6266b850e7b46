package core

import (
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

// parseAgentReply checks line against the grammar of the replies
// healthlite sends (a subset of HAProxy's agent-check grammar) and returns
// the state it states, the weight of "up ready N%" and the reason of
// "down ready #REASON".
func parseAgentReply(line string) (st State, weight int, reason string, err string) {
	body, ok := strings.CutSuffix(line, "\n")
	switch {
	case !ok:
		return 0, 0, "", "does not end with a newline"
	case strings.ContainsAny(body, "\r\n"):
		return 0, 0, "", "has a CR or LF inside"
	case !utf8.ValidString(body):
		return 0, 0, "", "is not UTF-8"
	}
	for _, r := range body {
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) || r == '\u2028' || r == '\u2029' {
			return 0, 0, "", "has a control character"
		}
	}
	switch {
	case body == "up drain":
		return StateDraining, 0, "", ""
	case body == "maint":
		return StateMaintenance, 0, "", ""
	case strings.HasPrefix(body, "up ready ") && strings.HasSuffix(body, "%"):
		n, e := strconv.Atoi(body[len("up ready ") : len(body)-1])
		if e != nil || n < 1 || n > 100 {
			return 0, 0, "", "has a bad weight"
		}
		if n == 100 {
			return StateHealthy, n, "", ""
		}
		return StateDegraded, n, "", ""
	case strings.HasPrefix(body, "down ready #"):
		reason = body[len("down ready #"):]
		if reason == "" || len(reason) > MaxAgentReason {
			return 0, 0, "", "has an empty or long reason"
		}
		return StateFailing, 0, reason, ""
	}
	return 0, 0, "", "is not one of the replies"
}

// agentSnapshot builds a snapshot with one check, for the agent renderer.
func agentSnapshot(name, msg string, status Status, critical bool, phase Phase, maint bool, weight int) *Snapshot {
	checks := []CheckState{{Name: name, Groups: GroupReady, Critical: critical, Status: status, Message: msg}}
	return &Snapshot{
		phase:  phase,
		checks: checks,
		ready:  aggregate(checks, GroupReady, nil),
		maint:  Maintenance{On: maint, Reason: msg},
		opts:   &Options{AgentDegradedWeight: weight},
	}
}

func TestAgentReplies(t *testing.T) {
	long := strings.Repeat("é", 300)
	cases := []struct {
		s       *Snapshot
		details bool
		want    string
	}{
		{agentSnapshot("db", "", StatusPass, true, PhaseRunning, false, 50), true, "up ready 100%\n"},
		{agentSnapshot("db", "", StatusWarn, true, PhaseRunning, false, 50), true, "up ready 50%\n"},
		{agentSnapshot("db", "x", StatusFail, false, PhaseRunning, false, 7), true, "up ready 7%\n"},
		{agentSnapshot("db", "", StatusPass, true, PhaseDraining, false, 50), true, "up drain\n"},
		{agentSnapshot("db", "", StatusFail, true, PhaseDraining, true, 50), true, "maint\n"},
		{agentSnapshot("db", "refused\r\n#x", StatusFail, true, PhaseRunning, false, 50), true, "down ready #db: refused  #x\n"},
		{agentSnapshot("db", "refused", StatusFail, true, PhaseRunning, false, 50), false, "down ready #db\n"},
		{agentSnapshot("db", "", StatusUnknown, true, PhaseRunning, false, 50), true, "down ready #db: unknown\n"},
		{agentSnapshot("db", "", StatusPass, true, PhaseStarting, false, 50), true, "down ready #starting\n"},
		{agentSnapshot("db", "", StatusFail, true, PhaseStarting, false, 50), false, "down ready #starting; db\n"},
		{agentSnapshot("db", long, StatusFail, true, PhaseRunning, false, 50), true, "down ready #db: " + strings.Repeat("é", 96) + "…\n"},
	}
	for i, c := range cases {
		got := string(c.s.appendAgent(nil, c.details))
		if got != c.want {
			t.Errorf("%d: %q, want %q", i, got, c.want)
		}
		if _, _, _, err := parseAgentReply(got); err != "" {
			t.Errorf("%d: %q %s", i, got, err)
		}
	}
}

func TestAgentReplyFollowsDetailsPolicy(t *testing.T) {
	for _, c := range []struct {
		d             Details
		local, remote string
	}{
		{DetailsLocal, "down ready #db: refused\n", "down ready #db\n"},
		{DetailsAll, "down ready #db: refused\n", "down ready #db: refused\n"},
		{DetailsNone, "down ready #db\n", "down ready #db\n"},
	} {
		h := New(Options{Details: c.d, Clock: NewManualClock(t0)})
		r, _ := h.Reporter("db", GroupReady)
		h.Start(t.Context())
		r.Set(StatusFail, "refused")
		waitFor(t, "failing", func() bool { return h.Snapshot().State() == StateFailing && h.Snapshot().Phase() == PhaseRunning })
		waitFor(t, "the message", func() bool { return state(t, h, "db").Message == "refused" })
		if got := string(h.AgentReply(true)); got != c.local {
			t.Errorf("details %v, local: %q, want %q", c.d, got, c.local)
		}
		if got := string(h.AgentReply(false)); got != c.remote {
			t.Errorf("details %v, remote: %q, want %q", c.d, got, c.remote)
		}
		h.Stop()
	}
}

// FuzzAgentReply renders the reply of arbitrary snapshots and checks it
// against the grammar and the snapshot's state.
func FuzzAgentReply(f *testing.F) {
	f.Add("db", "connection refused", uint8(3), true, uint8(1), false, uint8(50), true)
	f.Add("db", "a\r\nb", uint8(3), true, uint8(1), false, uint8(50), false)
	f.Add("q", strings.Repeat("\xff", 400), uint8(0), true, uint8(0), false, uint8(1), true)
	f.Add("q", "", uint8(2), false, uint8(2), true, uint8(100), true)
	f.Fuzz(func(t *testing.T, name, msg string, status uint8, critical bool, phase uint8, maint bool, weight uint8, details bool) {
		if validName("check", name) != nil {
			return
		}
		w := int(weight)%100 + 1
		s := agentSnapshot(name, msg, Status(status%4), critical, Phase(phase%3), maint, w)
		line := string(s.appendAgent(nil, details))
		st, n, reason, err := parseAgentReply(line)
		if err != "" {
			t.Fatalf("%q %s", line, err)
		}
		want := s.State()
		if want == StateDegraded && w == 100 {
			want = StateHealthy // "up ready 100%" either way
		}
		if st != want {
			t.Fatalf("%q states %v, snapshot is %v", line, st, s.State())
		}
		if st == StateDegraded && n != w {
			t.Fatalf("%q: weight %d, want %d", line, n, w)
		}
		if st == StateFailing && !details && s.phase != PhaseStarting && len(name) < MaxAgentReason && reason != name {
			t.Fatalf("%q: without details the reason must be the check's name only", line)
		}
	})
}
