package cwli

import "testing"

func TestParseScript(t *testing.T) { runScript(t, "parse.txt") }
