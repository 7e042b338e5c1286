package cwli

import "testing"

func TestDedupScript(t *testing.T) { runScript(t, "dedup.txt") }
