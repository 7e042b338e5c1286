package cwli

import "testing"

func TestStatsScript(t *testing.T) { runScript(t, "stats.txt") }
