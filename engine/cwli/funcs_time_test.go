package cwli

import "testing"

func TestTimeFunctionsScript(t *testing.T) { runScript(t, "funcs_time.txt") }
