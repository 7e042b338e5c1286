package cwli

import (
	"net/netip"
	"strconv"
)

// IP address functions, for IPv4. CIDR blocks must be string literals; they are checked and
// turned into number ranges here. The IPv6 forms and the public/reserved classifications are
// refused rather than guessed.

const ipv4Pattern = `((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\.){3}(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])`

func init() {
	register("isValidIpV4", 1, 1, func(t *translator, c *Call) sqlExpr {
		return sqlExpr{sql: sqlCall("regexp_full_match", t.str(t.arg(c, 0)), sqlString(ipv4Pattern)), typ: tyBool}
	})
	register("ipv4ToNumber", 1, 1, func(t *translator, c *Call) sqlExpr {
		return sqlExpr{sql: ipv4Number(t.str(t.arg(c, 0))), typ: tyNum}
	})
	inSubnet := func(t *translator, c *Call) sqlExpr {
		cidr := t.stringLiteralArg(c, 1, "CIDR block")
		p, err := netip.ParsePrefix(cidr)
		if err != nil {
			t.fail(invalidf(c.Args[1].Position(), "invalid CIDR block %s: %v", quoteString(cidr), err))
		}
		if !p.Addr().Is4() {
			t.fail(unsupportedf(c.Args[1].Position(), "IPv6 CIDR block %s is not supported", quoteString(cidr)))
		}
		return sqlExpr{sql: ipv4InRanges(ipv4Number(t.str(t.arg(c, 0))), p.Masked()), typ: tyBool}
	}
	register("isIpv4InSubnet", 2, 2, inSubnet)
	register("isIpInSubnet", 2, 2, inSubnet)
	// isPrivateIP: the RFC 1918 blocks.
	register("isPrivateIP", 1, 1, func(t *translator, c *Call) sqlExpr {
		n := ipv4Number(t.str(t.arg(c, 0)))
		return sqlExpr{sql: ipv4InRanges(n, netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("172.16.0.0/12"),
			netip.MustParsePrefix("192.168.0.0/16")), typ: tyBool}
	})
	unsupported("only IPv4 addresses are supported", "isValidIp", "isValidIpV6", "isIpv6InSubnet")
	unsupported("the address classes Logs Insights uses are not documented", "isPublicIP", "isReservedIP")
}

// ipv4Number is the SQL of a dotted IPv4 address as a number, NULL for anything else.
func ipv4Number(x string) string {
	part := func(i int) string { return "CAST(main.split_part(" + x + ", '.', " + strconv.Itoa(i) + ") AS BIGINT)" }
	return "(CASE WHEN main.regexp_full_match(" + x + ", " + sqlString(ipv4Pattern) + ") THEN ((" + part(1) + " * 256 + " + part(2) +
		") * 256 + " + part(3) + ") * 256 + " + part(4) + " END)"
}

// ipv4InRanges tests the number n against IPv4 prefixes.
func ipv4InRanges(n string, prefixes ...netip.Prefix) string {
	s := "("
	for i, p := range prefixes {
		if i > 0 {
			s += " OR "
		}
		a := p.Addr().As4()
		lo := int64(a[0])<<24 | int64(a[1])<<16 | int64(a[2])<<8 | int64(a[3])
		hi := lo + int64(1)<<(32-p.Bits()) - 1
		s += n + " BETWEEN " + strconv.FormatInt(lo, 10) + " AND " + strconv.FormatInt(hi, 10)
	}
	return s + ")"
}
