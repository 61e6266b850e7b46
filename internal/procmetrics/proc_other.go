//go:build !linux

package procmetrics

// procStat is empty where there is no /proc.
type procStat struct {
	cpuSeconds, virtualBytes, residentBytes float64
}

func (p *procStat) read() bool          { return false }
func openFDs() (int, bool)              { return 0, false }
func maxFDs() (float64, bool)           { return 0, false }
func maxVirtualMemory() (float64, bool) { return 0, false }
