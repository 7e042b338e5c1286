package cwli

import (
	"strings"
	"testing"
)

// referenceFunctions are the functions the language reference lists (§5 and §6): each must be
// implemented or refused by name, never "unknown".
var referenceFunctions = []string{
	// numeric
	"abs", "ceil", "floor", "greatest", "least", "log", "round", "sqrt", "haversine", "toNumber", "toInt", "toLong", "toDouble",
	// datetime
	"bin", "datefloor", "dateceil", "fromMillis", "toMillis", "now", "parseDate", "formatDate", "strftime",
	// general
	"ispresent", "coalesce", "case", "if", "isNumeric", "messageSize", "queryStartTime", "queryEndTime", "queryTimeRange",
	// JSON
	"jsonParse", "jsonStringify", "jsonArraySize", "jsonArrayContains",
	// IP
	"isValidIp", "isValidIpV4", "isValidIpV6", "isIpInSubnet", "isIpv4InSubnet", "isIpv6InSubnet", "ipv4ToNumber",
	"isPrivateIP", "isPublicIP", "isReservedIP",
	// string
	"isempty", "isblank", "concat", "ltrim", "rtrim", "trim", "strlen", "toupper", "tolower", "substr", "replace",
	"regexReplace", "strcontains", "startsWith", "endsWith", "urlencode", "urldecode", "base64encode", "base64decode",
	"split", "hexToAscii", "hexToDec", "decToHex", "md5", "sha256",
	// stats
	"avg", "count", "count_distinct", "max", "min", "pct", "stddev", "sum", "earliest", "latest", "sortsFirst", "sortsLast",
	"rate", "count_over_time", "sum_over_time", "countOverTime", "sumOverTime", "histogram",
	// named by the brief
	"pow",
}

func TestReferenceFunctionsKnown(t *testing.T) {
	for _, name := range referenceFunctions {
		n := strings.ToLower(name)
		_, scalar := scalarFuncs[n]
		_, agg := aggFuncs[n]
		_, refused := unsupportedFuncs[n]
		switch {
		case !scalar && !agg && !refused:
			t.Errorf("%s is neither implemented nor refused", name)
		case refused && (scalar || agg):
			t.Errorf("%s is implemented and refused", name)
		case scalar && agg:
			t.Errorf("%s is both a scalar and a stats function", name)
		}
	}
}

func TestUnsupportedFunctionsNameThemselves(t *testing.T) {
	for n := range unsupportedFuncs {
		q, err := Parse("fields " + n + "(eventName)")
		if err != nil {
			t.Fatal(err)
		}
		_, _, err = Translate(q, `"t"`)
		if err == nil || !strings.Contains(err.Error(), "not supported") || !strings.Contains(strings.ToLower(err.Error()), n) {
			t.Errorf("%s: %v", n, err)
		}
	}
}
