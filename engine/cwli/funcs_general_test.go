package cwli

import "testing"

func TestGeneralFunctionsScript(t *testing.T) { runScript(t, "funcs_general.txt") }
