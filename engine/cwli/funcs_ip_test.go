package cwli

import "testing"

func TestIpFunctionsScript(t *testing.T) { runScript(t, "funcs_ip.txt") }
