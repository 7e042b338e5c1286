package gen

import "strconv"

// jw appends compact JSON to b. Separators are implied: a key or value written after a
// complete value gets a leading comma, one written right after '{', '[' or ':' does not. So
// builders read like the document: w.obj().k("a").s("x").k("b").i(1).end().
//
// Keys are trusted constants (no escaping); string values are escaped.
type jw struct{ b []byte }

func (w *jw) sep() {
	if n := len(w.b); n > 0 {
		switch w.b[n-1] {
		case '{', '[', ':':
		default:
			w.b = append(w.b, ',')
		}
	}
}

// k writes a key and its colon.
func (w *jw) k(key string) *jw {
	w.sep()
	w.b = append(w.b, '"')
	w.b = append(w.b, key...)
	w.b = append(w.b, '"', ':')
	return w
}

// s writes a string value.
func (w *jw) s(v string) *jw {
	w.sep()
	w.b = appendJSONString(w.b, v)
	return w
}

// sb writes a string value given as bytes.
func (w *jw) sb(v []byte) *jw {
	w.sep()
	w.b = appendJSONBytes(w.b, v)
	return w
}

// i writes an integer value.
func (w *jw) i(v int64) *jw {
	w.sep()
	w.b = strconv.AppendInt(w.b, v, 10)
	return w
}

// f writes a float with a fractional part, as AWS prints thresholds ("80.0").
func (w *jw) f(v float64) *jw {
	w.sep()
	w.b = strconv.AppendFloat(w.b, v, 'f', 1, 64)
	return w
}

// bool writes true or false.
func (w *jw) bool(v bool) *jw {
	w.sep()
	w.b = strconv.AppendBool(w.b, v)
	return w
}

// null writes null.
func (w *jw) null() *jw {
	w.sep()
	w.b = append(w.b, "null"...)
	return w
}

// raw writes a trusted, already-encoded JSON value.
func (w *jw) raw(v string) *jw {
	w.sep()
	w.b = append(w.b, v...)
	return w
}

func (w *jw) obj() *jw { w.sep(); w.b = append(w.b, '{'); return w }
func (w *jw) arr() *jw { w.sep(); w.b = append(w.b, '['); return w }
func (w *jw) end() *jw { w.b = append(w.b, '}'); return w }
func (w *jw) endArr() *jw {
	w.b = append(w.b, ']')
	return w
}

// ks, ki, kb, kraw are key+value shorthands.
func (w *jw) ks(key, v string) *jw  { return w.k(key).s(v) }
func (w *jw) ki(key string, v int64) *jw { return w.k(key).i(v) }
func (w *jw) kb(key string, v bool) *jw  { return w.k(key).bool(v) }
func (w *jw) kraw(key, v string) *jw { return w.k(key).raw(v) }

// ko opens an object under key; ka an array.
func (w *jw) ko(key string) *jw { return w.k(key).obj() }
func (w *jw) ka(key string) *jw { return w.k(key).arr() }

// items opens EC2's {"items":[ wrapper under key; closeItems closes it.
func (w *jw) items(key string) *jw { return w.k(key).obj().k("items").arr() }

// closeItems closes what items opened.
func (w *jw) closeItems() *jw {
	w.b = append(w.b, ']', '}')
	return w
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

func appendJSONString(b []byte, s string) []byte {
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

func appendJSONBytes(b []byte, s []byte) []byte {
	b = append(b, '"')
	start := 0
	for i, c := range s {
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
