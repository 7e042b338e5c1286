package cwli

import "testing"

func TestLimitScript(t *testing.T) { runScript(t, "limit.txt") }
