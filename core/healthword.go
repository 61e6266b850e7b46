package core

// HealthWord returns the word /health answers in its "status" field:
// healthy, degraded, unhealthy, starting or maintenance. Logs about the
// service as a whole use it too, so there is one vocabulary everywhere.
func (s *Snapshot) HealthWord() string { return s.healthWord() }
