package results

import "os"

// owner is the process that runs a QUEUED or RUNNING query. A record whose owner is on this
// host and no longer alive is abandoned: Describe and List report it FAILED instead of
// RUNNING forever (the process crashed or was killed).
type owner struct {
	Host string `json:"Host"`
	PID  int    `json:"Pid"`
}

func currentOwner() *owner {
	host, _ := os.Hostname()
	return &owner{Host: host, PID: os.Getpid()}
}

// gone reports whether the owner is known to have ended: same host, and no process with its
// pid exists. Owners on other hosts are never judged.
func (o *owner) gone() bool {
	if o == nil || o.PID <= 0 {
		return false
	}
	if host, err := os.Hostname(); err != nil || host != o.Host {
		return false
	}
	return !processAlive(o.PID)
}
