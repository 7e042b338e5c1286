package gen

import "strconv"

// The JSON writer methods of ev append compact JSON to e.b. Separators are implied: a key or
// value written after a complete value gets a leading comma, one written right after '{', '['
// or ':' does not. So builders read like the document: e.obj().k("a").s("x").ki("b", 1).end().
//
// Keys are trusted constants (no escaping); string values are escaped.

func (e *ev) sep() {
	if n := len(e.b); n > 0 {
		switch e.b[n-1] {
		case '{', '[', ':':
		default:
			e.b = append(e.b, ',')
		}
	}
}

// k writes a key and its colon.
func (e *ev) k(key string) *ev {
	e.sep()
	e.b = append(e.b, '"')
	e.b = append(e.b, key...)
	e.b = append(e.b, '"', ':')
	return e
}

// s writes a string value.
func (e *ev) s(v string) *ev {
	e.sep()
	e.b = appendJSONString(e.b, v)
	return e
}

// ksb writes a key and a string value given as bytes.
func (e *ev) ksb(key string, v []byte) *ev { return e.k(key).sb(v) }

// sb writes a string value given as bytes.
func (e *ev) sb(v []byte) *ev {
	e.sep()
	e.b = appendJSONString(e.b, v)
	return e
}

// i writes an integer value.
func (e *ev) i(v int64) *ev {
	e.sep()
	e.b = strconv.AppendInt(e.b, v, 10)
	return e
}

// f writes a float with a fractional part, as AWS prints thresholds ("80.0").
func (e *ev) f(v float64) *ev {
	e.sep()
	e.b = strconv.AppendFloat(e.b, v, 'f', 1, 64)
	return e
}

// bool writes true or false.
func (e *ev) bool(v bool) *ev {
	e.sep()
	e.b = strconv.AppendBool(e.b, v)
	return e
}

// null writes null.
func (e *ev) null() *ev {
	e.sep()
	e.b = append(e.b, "null"...)
	return e
}

func (e *ev) obj() *ev { e.sep(); e.b = append(e.b, '{'); return e }
func (e *ev) arr() *ev { e.sep(); e.b = append(e.b, '['); return e }
func (e *ev) end() *ev { e.b = append(e.b, '}'); return e }
func (e *ev) endArr() *ev {
	e.b = append(e.b, ']')
	return e
}

// ks, ki, kb are key+value shorthands.
func (e *ev) ks(key, v string) *ev       { return e.k(key).s(v) }
func (e *ev) ki(key string, v int64) *ev { return e.k(key).i(v) }
func (e *ev) kb(key string, v bool) *ev  { return e.k(key).bool(v) }

// ko opens an object under key; ka an array.
func (e *ev) ko(key string) *ev { return e.k(key).obj() }
func (e *ev) ka(key string) *ev { return e.k(key).arr() }

// items opens EC2's {"items":[ wrapper under key; closeItems closes it.
func (e *ev) items(key string) *ev { return e.k(key).obj().k("items").arr() }

// closeItems closes what items opened.
func (e *ev) closeItems() *ev {
	e.b = append(e.b, ']', '}')
	return e
}

const hexDigits = "0123456789abcdef"

// needsEscape[c] is true for bytes that must be escaped in a JSON string.
var needsEscape = func() (t [256]bool) {
	for c := range 0x20 {
		t[c] = true
	}
	t['"'], t['\\'] = true, true
	return t
}()

// appendJSONString appends s as a JSON string (a string or the bytes of one).
func appendJSONString[T string | []byte](b []byte, s T) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !needsEscape[c] {
			continue
		}
		b = append(b, s[start:i]...)
		b = appendEscape(b, c)
		start = i + 1
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

func appendEscape(b []byte, c byte) []byte {
	switch c {
	case '"', '\\':
		return append(b, '\\', c)
	case '\n':
		return append(b, '\\', 'n')
	case '\t':
		return append(b, '\\', 't')
	case '\r':
		return append(b, '\\', 'r')
	}
	return append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
}

// appendTimestamp appends unix seconds as CloudTrail's "2006-01-02T15:04:05Z" (no quotes).
// Hand-rolled because time.AppendFormat is the single largest cost otherwise.
func appendTimestamp(b []byte, unix int64) []byte {
	days := unix / 86400
	secs := unix - days*86400
	if secs < 0 {
		secs += 86400
		days--
	}
	y, m, d := civil(days)
	b = append4(b, y)
	b = append(b, '-')
	b = append2(b, m)
	b = append(b, '-')
	b = append2(b, d)
	b = append(b, 'T')
	b = append2(b, int(secs/3600))
	b = append(b, ':')
	b = append2(b, int(secs/60%60))
	b = append(b, ':')
	b = append2(b, int(secs%60))
	return append(b, 'Z')
}

// civil converts days since 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's
// algorithm).
func civil(z int64) (y, m, d int) {
	z += 719468
	era := z / 146097
	if z < 0 && z%146097 != 0 {
		era = (z - 146096) / 146097
	}
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	d = int(doy - (153*mp+2)/5 + 1)
	if mp < 10 {
		m = int(mp + 3)
	} else {
		m = int(mp - 9)
	}
	y = int(yoe + era*400)
	if m <= 2 {
		y++
	}
	return y, m, d
}

func append2(b []byte, v int) []byte { return append(b, byte('0'+v/10), byte('0'+v%10)) }

func append4(b []byte, v int) []byte {
	return append(b, byte('0'+v/1000%10), byte('0'+v/100%10), byte('0'+v/10%10), byte('0'+v%10))
}
