package gen

import "strconv"

// Helpers the API builders use to pick resources and write values.

func (e *ev) one(list []string) string { return list[e.r.intn(len(list))] }

func (e *ev) instance() string { return e.g.instances[e.g.instPick.pick(e.r)] }

func (e *ev) bucket() *bucket {
	e.bkt = e.g.buckets[e.g.bktPick.pick(e.r)]
	return e.bkt
}

func (e *ev) objectKey() string {
	b := e.bkt
	e.key = b.keys[b.keyPick.pick(e.r)]
	return e.key
}

func (e *ev) kmsKey() string { return e.g.keys[e.g.keyPick.pick(e.r)] }

func (e *ev) function() string {
	e.name = e.g.functions[e.g.fnPick.pick(e.r)]
	return e.name
}

func (e *ev) table() string {
	e.name = e.g.tables[e.g.tblPick.pick(e.r)]
	return e.name
}

// cat writes the concatenation of trusted parts as one string value.
func (e *ev) cat(parts ...string) *ev {
	e.sep()
	e.b = append(e.b, '"')
	for _, p := range parts {
		e.b = append(e.b, p...)
	}
	e.b = append(e.b, '"')
	return e
}

// hex writes prefix followed by n random lower-case hex digits.
func (e *ev) hex(prefix string, n int) *ev {
	e.sep()
	e.b = append(e.b, '"')
	e.b = append(e.b, prefix...)
	e.b = e.r.appendChars(e.b, lowerHex, n)
	e.b = append(e.b, '"')
	return e
}

// chars writes prefix followed by n random characters of set.
func (e *ev) chars(prefix, set string, n int) *ev {
	e.sep()
	e.b = append(e.b, '"')
	e.b = append(e.b, prefix...)
	e.b = e.r.appendChars(e.b, set, n)
	e.b = append(e.b, '"')
	return e
}

// uuid writes a random UUID string.
func (e *ev) uuid() *ev {
	e.sep()
	e.b = append(e.b, '"')
	e.b = e.r.appendUUID(e.b)
	e.b = append(e.b, '"')
	return e
}

// requestID writes the event's requestID (EC2 echoes it as responseElements.requestId).
func (e *ev) requestID() *ev { return e.sb(e.reqID) }

// ts writes a unix time as a CloudTrail timestamp string.
func (e *ev) ts(unix int64) *ev {
	e.sep()
	e.b = append(e.b, '"')
	e.b = appendTimestamp(e.b, unix)
	e.b = append(e.b, '"')
	return e
}

// ms writes the event time in epoch milliseconds, as EC2 and RDS responses do.
func (e *ev) ms() *ev { return e.i(e.t*1000 + int64(e.r.intn(1000))) }

// awsDate writes the event time as IAM and STS print dates ("Mar 24, 2024, 9:11:59 PM").
func (e *ev) awsDate(unix int64) *ev {
	e.sep()
	y, m, d := civil(unix / 86400)
	s := unix % 86400
	h := s / 3600
	ampm := " AM"
	if h >= 12 {
		ampm = " PM"
	}
	if h = h % 12; h == 0 {
		h = 12
	}
	b := append(e.b, '"')
	b = append(b, months[m-1]...)
	b = append(b, ' ')
	b = strconv.AppendInt(b, int64(d), 10)
	b = append(b, ", "...)
	b = strconv.AppendInt(b, int64(y), 10)
	b = append(b, ", "...)
	b = strconv.AppendInt(b, h, 10)
	b = append(b, ':')
	b = append2(b, int(s/60%60))
	b = append(b, ':')
	b = append2(b, int(s%60))
	b = append(b, ampm...)
	e.b = append(b, '"')
	return e
}

var months = [...]string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}

// resource writes one {accountId, type, ARN} element (accountId omitted when empty).
func (e *ev) resource(acct, typ string, arn ...string) {
	e.obj()
	if acct != "" {
		e.ks("accountId", acct)
	}
	e.ks("type", typ).k("ARN")
	e.cat(arn...)
	e.end()
}
