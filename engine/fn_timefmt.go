package engine

import (
	"fmt"
	"strings"
)

// Format strings: Trino's date_format/date_parse take MySQL specifiers, format_datetime and
// parse_datetime Joda patterns; DuckDB's strftime/strptime take C-style specifiers.

// mysqlSpecs maps MySQL specifiers (as Trino supports them) to strftime's.
var mysqlSpecs = map[byte]string{
	'a': "%a", 'b': "%b", 'c': "%-m", 'd': "%d", 'e': "%-d", 'f': "%f", 'H': "%H", 'h': "%I",
	'I': "%I", 'i': "%M", 'j': "%j", 'k': "%-H", 'l': "%-I", 'M': "%B", 'm': "%m", 'p': "%p",
	'r': "%I:%M:%S %p", 'S': "%S", 's': "%S", 'T': "%H:%M:%S", 'v': "%V", 'W': "%A", 'x': "%G",
	'Y': "%Y", 'y': "%y", '%': "%%",
}

// mysqlFormat translates a MySQL format. Trino refuses %D %U %u %V %w %X, and so does this.
func mysqlFormat(f string) (string, error) {
	var b strings.Builder
	for i := 0; i < len(f); i++ {
		c := f[i]
		if c != '%' {
			b.WriteByte(c)
			continue
		}
		if i+1 >= len(f) {
			return "", fmt.Errorf("the format ends with a lone %%")
		}
		i++
		if s, ok := mysqlSpecs[f[i]]; ok {
			b.WriteString(s)
			continue
		}
		switch f[i] {
		case 'D', 'U', 'u', 'V', 'w', 'X':
			return "", fmt.Errorf("%%%c is not supported", f[i])
		}
		b.WriteByte(f[i]) // MySQL: %x for any other x is x
	}
	return b.String(), nil
}

// jodaFormat translates a Joda pattern for formatting. The engine runs in UTC, so zone
// letters print UTC's offset and name.
func jodaFormat(p string) (string, error) { return joda(p, false) }

// jodaParseFormat translates a Joda pattern for parsing: zone letters read the zone.
func jodaParseFormat(p string) (string, error) { return joda(p, true) }

func joda(p string, parse bool) (string, error) {
	var b strings.Builder
	for i := 0; i < len(p); {
		c := p[i]
		if c == '\'' {
			// 'text' is literal text; '' is a quote.
			j := i + 1
			if j < len(p) && p[j] == '\'' {
				b.WriteByte('\'')
				i += 2
				continue
			}
			for ; j < len(p); j++ {
				if p[j] == '\'' {
					if j+1 < len(p) && p[j+1] == '\'' {
						b.WriteByte('\'')
						j++
						continue
					}
					break
				}
				writeLiteral(&b, p[j])
			}
			if j >= len(p) {
				return "", fmt.Errorf("unterminated quoted text in pattern")
			}
			i = j + 1
			continue
		}
		if !isLetter(c) {
			writeLiteral(&b, c)
			i++
			continue
		}
		n := 1
		for i+n < len(p) && p[i+n] == c {
			n++
		}
		s, err := jodaField(c, n, parse)
		if err != nil {
			return "", err
		}
		b.WriteString(s)
		i += n
	}
	return b.String(), nil
}

func writeLiteral(b *strings.Builder, c byte) {
	if c == '%' {
		b.WriteString("%%")
		return
	}
	b.WriteByte(c)
}

// jodaField translates n repetitions of the pattern letter c.
func jodaField(c byte, n int, parse bool) (string, error) {
	pick := func(short, long string) string {
		if n >= 2 {
			return long
		}
		return short
	}
	switch c {
	case 'y', 'Y', 'u':
		if n == 2 {
			return "%y", nil
		}
		return "%Y", nil
	case 'x':
		return "%G", nil
	case 'w':
		return pick("%-V", "%V"), nil
	case 'e':
		return "%u", nil
	case 'E':
		if n >= 4 {
			return "%A", nil
		}
		return "%a", nil
	case 'M':
		switch {
		case n >= 4:
			return "%B", nil
		case n == 3:
			return "%b", nil
		}
		return pick("%-m", "%m"), nil
	case 'd':
		return pick("%-d", "%d"), nil
	case 'D':
		if n >= 3 {
			return "%j", nil
		}
		return "%-j", nil
	case 'a':
		return "%p", nil
	case 'h':
		return pick("%-I", "%I"), nil
	case 'H':
		return pick("%-H", "%H"), nil
	case 'm':
		return pick("%-M", "%M"), nil
	case 's':
		return pick("%-S", "%S"), nil
	case 'S':
		switch n {
		case 3:
			return "%g", nil
		case 6:
			return "%f", nil
		case 9:
			return "%n", nil
		}
		return "", fmt.Errorf("fraction of second with %d digits is not supported (use S…S with 3, 6 or 9 letters)", n)
	case 'Z':
		if parse {
			return "%z", nil
		}
		switch n {
		case 1:
			return "+0000", nil
		case 2:
			return "+00:00", nil
		}
		return "UTC", nil
	case 'z':
		if parse {
			return "%Z", nil
		}
		if n >= 4 {
			return "Coordinated Universal Time", nil
		}
		return "UTC", nil
	}
	return "", fmt.Errorf("pattern letter %q is not supported", string(c))
}
