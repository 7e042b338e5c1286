package cwli

import "testing"

func TestNumberFunctionsScript(t *testing.T) { runScript(t, "funcs_number.txt") }
