package cwli

import "testing"

func TestStringFunctionsScript(t *testing.T) { runScript(t, "funcs_string.txt") }
