package cwli

import "testing"

func TestDisplayScript(t *testing.T) { runScript(t, "display.txt") }
