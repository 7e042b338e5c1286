package ingest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"runtime"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/klauspost/compress/gzip"
)

// decodeResult is everything one Decode call produced.
type decodeResult struct {
	recs []Record // Raw copied
	bad  []RecordError
	err  error
}

// wantRec is a record as the tables write it.
type wantRec struct {
	index, line int
	raw         string
}

func (d decodeResult) got() []wantRec {
	out := []wantRec{}
	for _, r := range d.recs {
		out = append(out, wantRec{r.Index, r.Line, string(r.Raw)})
	}
	return out
}

func (d decodeResult) gotBad() []wantRec {
	out := []wantRec{}
	for _, b := range d.bad {
		out = append(out, wantRec{b.Index, b.Line, ""})
	}
	return out
}

func decodeBytes(name string, data []byte, r io.Reader, bufSize, maxBuf int) decodeResult {
	var d decodeResult
	if r == nil {
		r = bytes.NewReader(data)
	}
	d.err = decode(context.Background(), name, r, func(r Record) error {
		r.Raw = bytes.Clone(r.Raw)
		d.recs = append(d.recs, r)
		return nil
	}, func(re RecordError) {
		d.bad = append(d.bad, re)
	}, bufSize, maxBuf)
	return d
}

// decodeAllWays decodes data with the real buffer sizes, then with tiny buffers and short
// reads (so refills land everywhere), and checks that every way gives the same result.
func decodeAllWays(t *testing.T, name string, data []byte) decodeResult {
	t.Helper()
	want := decodeBytes(name, data, nil, minBufSize, maxBufSize)
	for _, bs := range []int{1, 2, 3, 5, 8, 13, 64} {
		for _, way := range []struct {
			name string
			r    io.Reader
		}{
			{"one-byte", iotest.OneByteReader(bytes.NewReader(data))},
			{"half", iotest.HalfReader(bytes.NewReader(data))},
		} {
			got := decodeBytes(name, data, way.r, bs, bs)
			if fmt.Sprint(got.got(), got.gotBad()) != fmt.Sprint(want.got(), want.gotBad()) ||
				errText(got.err) != errText(want.err) {
				t.Fatalf("buffer %d, %s reads: got %v %v %v\nwant %v %v %v", bs, way.name,
					got.got(), got.gotBad(), got.err, want.got(), want.gotBad(), want.err)
			}
		}
	}
	return want
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	// The line of a file error may be counted from a different place; the kind must agree.
	switch {
	case errors.Is(err, ErrTruncated):
		return "truncated"
	case errors.Is(err, ErrBadFile):
		return "bad file"
	}
	return err.Error()
}

func gzipBytes(t testing.TB, parts ...string) []byte {
	t.Helper()
	var out bytes.Buffer
	for _, p := range parts { // one gzip member each
		w := gzip.NewWriter(&out)
		if _, err := io.WriteString(w, p); err != nil {
			t.Fatal(err)
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
	}
	return out.Bytes()
}

const utf8BOM = "\xef\xbb\xbf"

func TestDecodeFormats(t *testing.T) {
	a, b, c := `{"a":1}`, `{"b":[2,{"x":"}\"]"}]}`, `{"c":"é\u00e9"}`
	tests := []struct {
		name string
		in   string
		want []wantRec
		bad  []wantRec
		err  error
	}{
		{"records", `{"Records":[` + a + `,` + b + `]}`, []wantRec{{0, 1, a}, {1, 1, b}}, nil, nil},
		{"records other keys", `{"x":{"Records":[1]},"Records":[` + a + `],"y":[{"Records":2}]}`, []wantRec{{0, 1, a}}, nil, nil},
		{"records pretty", "{\n  \"Records\": [\n    {\n      \"a\": 1\n    },\n    " + b + "\n  ]\n}\n",
			[]wantRec{{0, 3, "{\n      \"a\": 1\n    }"}, {1, 6, b}}, nil, nil},
		{"records empty", `{"Records":[]}`, []wantRec{}, nil, nil},
		{"records concatenated", `{"Records":[` + a + `]}` + "\n" + `{"Records":[` + b + `]}`, []wantRec{{0, 1, a}, {1, 2, b}}, nil, nil},
		{"records utf8BOM", utf8BOM + `{"Records":[` + a + `]}`, []wantRec{{0, 1, a}}, nil, nil},
		{"array", "[" + a + ",\n " + b + "\n,\n" + c + "]", []wantRec{{0, 1, a}, {1, 2, b}, {2, 4, c}}, nil, nil},
		{"array empty", " [ ] ", []wantRec{}, nil, nil},
		{"array not objects", `[` + a + `,2,"x",null,[` + a + `],` + b + `]`, []wantRec{{0, 1, a}, {5, 1, b}},
			[]wantRec{{1, 1, ""}, {2, 1, ""}, {3, 1, ""}, {4, 1, ""}}, nil},
		{"jsonl", a + "\n" + b + "\n" + c + "\n", []wantRec{{0, 1, a}, {1, 2, b}, {2, 3, c}}, nil, nil},
		{"jsonl no final newline", a + "\n" + b, []wantRec{{0, 1, a}, {1, 2, b}}, nil, nil},
		{"jsonl blank lines crlf", "\r\n" + a + "\r\n\r\n \t \n" + b + "  \r\n\n", []wantRec{{0, 2, a}, {1, 5, b}}, nil, nil},
		{"jsonl utf8BOM", utf8BOM + a + "\n" + b + "\n", []wantRec{{0, 1, a}, {1, 2, b}}, nil, nil},
		{"jsonl single", a, []wantRec{{0, 1, a}}, nil, nil},
		{"sequence pretty", "{\n \"a\": 1\n}\n\n{\n \"b\": 2\n}\n", []wantRec{{0, 1, "{\n \"a\": 1\n}"}, {1, 5, "{\n \"b\": 2\n}"}}, nil, nil},
		{"empty", "", []wantRec{}, nil, nil},
		{"blank", " \n\r\n", []wantRec{}, nil, nil},
		{"utf8BOM only", utf8BOM, []wantRec{}, nil, nil},
		{"jsonl bad lines", a + "\nnot json\n" + b + "\n{\"c\":\n[1]\n{\"a\" 1}\n{\"a\":tru}\n{\"s\":\"\x01\"}\n{\"e\":\"\\x\"}\n" + a + " x\n" + c + "\n",
			[]wantRec{{0, 1, a}, {2, 3, b}, {10, 11, c}},
			[]wantRec{{1, 2, ""}, {3, 4, ""}, {4, 5, ""}, {5, 6, ""}, {6, 7, ""}, {7, 8, ""}, {8, 9, ""}, {9, 10, ""}}, nil},
		{"jsonl first line broken", "{\"a\" 1}\n" + b + "\n", []wantRec{{1, 2, b}}, []wantRec{{0, 1, ""}}, nil},
		{"jsonl first line open", "{\"a\":[1,\n" + b + "\n" + c + "\n", []wantRec{{1, 2, b}, {2, 3, c}}, []wantRec{{0, 1, ""}}, nil},
		{"jsonl last line cut", a + "\n" + b + "\n{\"c\":", []wantRec{{0, 1, a}, {1, 2, b}}, nil, ErrTruncated},
		{"array cut", "[" + a + "," + b + ",{\"c\"", []wantRec{{0, 1, a}, {1, 1, b}}, nil, ErrTruncated},
		{"array open", "[" + a, []wantRec{{0, 1, a}}, nil, ErrTruncated},
		{"records cut", `{"Records":[` + a + `,` + b, []wantRec{{0, 1, a}, {1, 1, b}}, nil, ErrTruncated},
		{"records broken", `{"Records":[` + a + ` ` + b + `]}`, []wantRec{{0, 1, a}}, nil, ErrBadFile},
		{"records broken element", `{"Records":[` + a + `,{"b":}]}`, []wantRec{{0, 1, a}}, nil, ErrBadFile},
		{"array trailing garbage", "[" + a + "] x", []wantRec{{0, 1, a}}, nil, ErrBadFile},
		{"sequence broken", "{\n \"a\": 1\n}\n{\n \"b\" 2\n}\n", []wantRec{{0, 1, "{\n \"a\": 1\n}"}}, nil, ErrBadFile},
		{"pretty broken first", "{\n \"a\" 1\n}\n", []wantRec{}, nil, ErrBadFile},
		{"csv", "Event Type,Event Name\nAwsApiCall,ListObjects\n", []wantRec{}, nil, ErrBadFile},
		{"number", "42", []wantRec{}, nil, ErrBadFile},
		{"utf16", "\xff\xfe{\x00}\x00", []wantRec{}, nil, ErrBadFile},
	}
	for _, tt := range tests {
		for _, zip := range []bool{false, true} {
			name := tt.name
			data := []byte(tt.in)
			if zip {
				name += " gzip"
				data = gzipBytes(t, tt.in)
			}
			t.Run(name, func(t *testing.T) {
				d := decodeAllWays(t, "f.json", data)
				if got := d.got(); fmt.Sprint(got) != fmt.Sprint(tt.want) {
					t.Errorf("records:\n got %v\nwant %v", got, tt.want)
				}
				if tt.bad == nil {
					tt.bad = []wantRec{}
				}
				if got := d.gotBad(); fmt.Sprint(got) != fmt.Sprint(tt.bad) {
					t.Errorf("bad records: got %v, want %v (%v)", got, tt.bad, d.bad)
				}
				for _, b := range d.bad {
					if !errors.Is(b, ErrBadRecord) || b.File != "f.json" {
						t.Errorf("bad record error %v: want ErrBadRecord and the file", b)
					}
				}
				switch {
				case tt.err == nil && d.err != nil:
					t.Errorf("err = %v", d.err)
				case tt.err != nil && !errors.Is(d.err, tt.err):
					t.Errorf("err = %v, want %v", d.err, tt.err)
				case d.err != nil && !strings.HasPrefix(d.err.Error(), "f.json: "):
					t.Errorf("err %q does not name the file", d.err)
				}
			})
		}
	}
}

func TestDecodeErrorMessages(t *testing.T) {
	d := decodeBytes("x.csv", []byte("Event Type,Event Name\n"), nil, minBufSize, maxBufSize)
	if want := `x.csv: bad file: not JSON: starts with "Event Type,Event"`; d.err == nil || d.err.Error() != want {
		t.Errorf("csv: %v, want %s", d.err, want)
	}
	d = decodeBytes("p.jsonl", []byte("{\"a\":1}\n{\"a\" 1}\n"), nil, minBufSize, maxBufSize)
	if want := `p.jsonl: record 1 (line 2): bad record: invalid character '1' after object key (column 6)`; len(d.bad) != 1 || d.bad[0].Error() != want {
		t.Errorf("bad line: %v, want %s", d.bad, want)
	}
	d = decodeBytes("t.json", []byte("[{},\n{}\n{}]"), nil, minBufSize, maxBufSize)
	if want := `t.json: bad file: line 3: invalid character '{' after array element (after 2 records)`; d.err == nil || d.err.Error() != want {
		t.Errorf("broken array: %v, want %s", d.err, want)
	}
}

func TestDecodeGzip(t *testing.T) {
	var lines strings.Builder
	for i := range 2000 {
		fmt.Fprintf(&lines, `{"eventTime":"2024-01-01T00:00:00Z","n":%d,"pad":"%s"}`+"\n", i, strings.Repeat("x", i%50))
	}
	jsonl := lines.String()
	records := `{"Records":[` + strings.ReplaceAll(strings.TrimSuffix(jsonl, "\n"), "\n", ",") + `]}`

	t.Run("multistream", func(t *testing.T) {
		d := decodeAllWays(t, "m.gz", gzipBytes(t, jsonl[:len(jsonl)/2+7], jsonl[len(jsonl)/2+7:]))
		if d.err != nil || len(d.recs) != 2000 || len(d.bad) != 0 {
			t.Fatalf("got %d records, %d bad, %v", len(d.recs), len(d.bad), d.err)
		}
	})
	for _, f := range []struct{ name, content string }{{"jsonl", jsonl}, {"records", records}} {
		full := gzipBytes(t, f.content)
		t.Run(f.name+" truncated", func(t *testing.T) {
			for _, cut := range []int{11, len(full) / 3, len(full) / 2, len(full) - 9, len(full) - 1} {
				d := decodeBytes("cut.gz", full[:cut], nil, minBufSize, maxBufSize)
				if !errors.Is(d.err, ErrTruncated) || len(d.bad) != 0 {
					t.Fatalf("cut at %d: err %v, %d bad", cut, d.err, len(d.bad))
				}
				for i, r := range d.recs {
					if want := fmt.Sprintf(`"n":%d,`, i); r.Index != i || !bytes.Contains(r.Raw, []byte(want)) {
						t.Fatalf("cut at %d: record %d is %d %s", cut, i, r.Index, r.Raw)
					}
				}
				if cut > len(full)/2 && len(d.recs) < 500 {
					t.Errorf("cut at %d/%d: only %d records before the cut", cut, len(full), len(d.recs))
				}
				t.Logf("cut at %d/%d: %d records, %v", cut, len(full), len(d.recs), d.err)
			}
		})
		t.Run(f.name+" bad checksum", func(t *testing.T) {
			bad := bytes.Clone(full)
			bad[len(bad)-6] ^= 0xff // CRC-32 in the trailer
			d := decodeBytes("crc.gz", bad, nil, minBufSize, maxBufSize)
			if !errors.Is(d.err, ErrBadFile) || len(d.recs) != 2000 {
				t.Fatalf("got %d records, %v", len(d.recs), d.err)
			}
		})
	}
	t.Run("bad header", func(t *testing.T) {
		d := decodeBytes("h.gz", []byte{0x1f, 0x8b, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9}, nil, minBufSize, maxBufSize)
		if !errors.Is(d.err, ErrBadFile) {
			t.Fatalf("err %v", d.err)
		}
	})
}

func TestDecodeCallbacks(t *testing.T) {
	ctx := context.Background()
	in := "{\"a\":1}\nbad\n{\"b\":2}\n"
	// onBad nil: the first bad record ends decoding.
	n := 0
	err := Decode(ctx, "f", strings.NewReader(in), func(Record) error { n++; return nil }, nil)
	var re RecordError
	if !errors.As(err, &re) || re.Index != 1 || re.Line != 2 || !errors.Is(err, ErrBadRecord) || n != 1 {
		t.Errorf("nil onBad: %v after %d records", err, n)
	}
	// fn's error ends decoding and is returned as is.
	stop := errors.New("stop")
	n = 0
	err = Decode(ctx, "f", strings.NewReader(in), func(Record) error { n++; return stop }, func(RecordError) {})
	if err != stop || n != 1 {
		t.Errorf("fn error: %v after %d records", err, n)
	}
	// Cancellation.
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	err = Decode(cctx, "f", strings.NewReader(in), func(Record) error { return nil }, nil)
	if !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}
	cctx, cancel = context.WithCancel(ctx)
	n = 0
	err = Decode(cctx, "f", strings.NewReader(strings.Repeat("{}\n", 3*ctxEvery)), func(Record) error {
		if n++; n == 10 {
			cancel()
		}
		return nil
	}, nil)
	if !errors.Is(err, context.Canceled) || n > ctxEvery {
		t.Errorf("cancelled during decoding: %v after %d records", err, n)
	}
}

// genReader produces a file of n records without holding it: a prefix, n records (cycling
// through recs) joined by sep, a suffix.
type genReader struct {
	prefix, sep, suffix string
	recs                [][]byte
	n, i                int
	pending             []byte
	sepDone             bool
}

func (g *genReader) Read(p []byte) (int, error) {
	for len(g.pending) == 0 {
		switch {
		case g.i == 0 && g.prefix != "":
			g.pending = []byte(g.prefix)
			g.prefix = ""
		case g.i < g.n:
			if g.i > 0 && len(g.pending) == 0 && g.sep != "" && !g.sepDone {
				g.pending, g.sepDone = []byte(g.sep), true
				continue
			}
			g.pending, g.sepDone = g.recs[g.i%len(g.recs)], false
			g.i++
		case g.suffix != "":
			g.pending = []byte(g.suffix)
			g.suffix = ""
		default:
			return 0, io.EOF
		}
	}
	n := copy(p, g.pending)
	g.pending = g.pending[n:]
	return n, nil
}

func TestDecodeStreams(t *testing.T) {
	if testing.Short() {
		t.Skip("large input")
	}
	for _, f := range []struct{ name, prefix, sep, suffix string }{
		{"jsonl", "", "\n", "\n"},
		{"records", `{"Records":[`, ",", "]}"},
		{"array", "[\n", ",\n", "\n]\n"},
	} {
		t.Run(f.name, func(t *testing.T) {
			const n = 40000 // about 60 MB
			recs := make([][]byte, 100)
			for i := range recs {
				recs[i] = sampleEvent(i)
			}
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			count, size := 0, 0
			err := Decode(context.Background(), f.name, &genReader{prefix: f.prefix, sep: f.sep, suffix: f.suffix, recs: recs, n: n},
				func(r Record) error {
					if !bytes.Equal(r.Raw, recs[count%len(recs)]) {
						return fmt.Errorf("record %d differs", count)
					}
					count++
					size += len(r.Raw)
					return nil
				}, nil)
			runtime.ReadMemStats(&after)
			if err != nil || count != n {
				t.Fatalf("%d records, %v", count, err)
			}
			// Decode allocates its buffer (growing to a few MiB), not the file.
			if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 16<<20 {
				t.Errorf("allocated %d MB for %d MB of records", alloc>>20, size>>20)
			}
		})
	}
}

// sampleEvent is a CloudTrail event of about 1.5 KB; i varies its ids and time.
func sampleEvent(i int) []byte {
	return fmt.Appendf(nil, `{"eventVersion":"1.09","userIdentity":{"type":"AssumedRole","principalId":"AROAEXAMPLEROLEID0001:session-%[1]d","arn":"arn:aws:sts::111122223333:assumed-role/ExampleDeployRole/session-%[1]d","accountId":"111122223333","accessKeyId":"ASIAEXAMPLEKEY%06[1]d","sessionContext":{"sessionIssuer":{"type":"Role","principalId":"AROAEXAMPLEROLEID0001","arn":"arn:aws:iam::111122223333:role/ExampleDeployRole","accountId":"111122223333","userName":"ExampleDeployRole"},"webIdFederationData":{},"attributes":{"creationDate":"2024-03-0%[2]dT10:1%[3]d:00Z","mfaAuthenticated":"false"}}},"eventTime":"2024-03-0%[2]dT10:2%[3]d:%02[4]dZ","eventSource":"s3.amazonaws.com","eventName":"GetObject","awsRegion":"eu-west-1","sourceIPAddress":"198.51.100.%[5]d","userAgent":"[aws-sdk-go-v2/1.24.0 os/linux lang/go#1.21.5 md/GOOS#linux md/GOARCH#amd64 api/s3#1.47.7]","requestParameters":{"bucketName":"example-artifacts-bucket","Host":"example-artifacts-bucket.s3.eu-west-1.amazonaws.com","key":"builds/2024/03/app-%[1]d.tar.gz","x-id":"GetObject"},"responseElements":null,"additionalEventData":{"SignatureVersion":"SigV4","CipherSuite":"TLS_AES_128_GCM_SHA256","bytesTransferredIn":0,"AuthenticationMethod":"AuthHeader","x-amz-id-2":"ExAmPlEiD2/%[1]dexampleexampleexample=","bytesTransferredOut":%[6]d},"requestID":"EXAMPLEREQ%08[1]d","eventID":"0b1e6a2c-%04[7]x-4a4e-9f00-%012[1]x","readOnly":true,"resources":[{"type":"AWS::S3::Object","ARN":"arn:aws:s3:::example-artifacts-bucket/builds/2024/03/app-%[1]d.tar.gz"},{"accountId":"111122223333","type":"AWS::S3::Bucket","ARN":"arn:aws:s3:::example-artifacts-bucket"}],"eventType":"AwsApiCall","managementEvent":false,"recipientAccountId":"111122223333","eventCategory":"Data","tlsDetails":{"tlsVersion":"TLSv1.3","cipherSuite":"TLS_AES_128_GCM_SHA256","clientProvidedHostHeader":"example-artifacts-bucket.s3.eu-west-1.amazonaws.com"}}`,
		i, 1+i%9, i%6, i%60, 1+i%250, 1000+i*7, i%65536)
}

func benchData(b *testing.B, format string) []byte {
	var buf bytes.Buffer
	switch format {
	case "records":
		buf.WriteString(`{"Records":[`)
	case "array":
		buf.WriteString("[\n")
	}
	for i := range 20000 {
		if i > 0 {
			switch format {
			case "records":
				buf.WriteByte(',')
			case "array":
				buf.WriteString(",\n")
			}
		}
		buf.Write(sampleEvent(i))
		if format == "jsonl" {
			buf.WriteByte('\n')
		}
	}
	switch format {
	case "records":
		buf.WriteString("]}")
	case "array":
		buf.WriteString("\n]")
	}
	return buf.Bytes()
}

// BenchmarkDecode measures Decode alone; MB/s counts the decompressed bytes.
func BenchmarkDecode(b *testing.B) {
	for _, format := range []string{"jsonl", "records", "array"} {
		data := benchData(b, format)
		b.Run(format, func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				if err := Decode(context.Background(), format, bytes.NewReader(data), func(Record) error { return nil }, nil); err != nil {
					b.Fatal(err)
				}
			}
		})
		if format == "array" {
			continue
		}
		zdata := gzipBytes(b, string(data))
		b.Run(format+"-gzip", func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				if err := Decode(context.Background(), format, bytes.NewReader(zdata), func(Record) error { return nil }, nil); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkDecodeParse measures the ingest front end on one core: gunzip, decode, parse.
func BenchmarkDecodeParse(b *testing.B) {
	data := benchData(b, "records")
	zdata := gzipBytes(b, string(data))
	p := NewParser()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	n := 0
	for b.Loop() {
		err := Decode(context.Background(), "bench", bytes.NewReader(zdata), func(r Record) error {
			_, err := p.Parse(r.Raw)
			n++
			return err
		}, nil)
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "events/s")
}

// TestDecodeFixtures decodes and parses the files in testdata.
func TestDecodeFixtures(t *testing.T) {
	type result struct {
		events, bad, parseErrs int
		categories             string
	}
	want := map[string]result{
		"decode-trail.json":   {2, 0, 0, "Management,Management"},
		"decode-events.jsonl": {2, 1, 1, "Management,Data"},
		"decode-pretty.json":  {2, 0, 0, "Management,Insight"},
	}
	files := decodeFixtures(t)
	if len(files) != len(want) {
		t.Fatalf("fixtures %d, want %d", len(files), len(want))
	}
	p := NewParser()
	for name, data := range files {
		for _, zip := range []bool{false, true} {
			if zip {
				data = gzipBytes(t, string(data))
			}
			var got result
			var cats []string
			err := Decode(context.Background(), name, bytes.NewReader(data), func(r Record) error {
				ev, err := p.Parse(r.Raw)
				if err != nil {
					got.parseErrs++
					return nil
				}
				got.events++
				cats = append(cats, ev.EventCategory)
				return nil
			}, func(RecordError) { got.bad++ })
			got.categories = strings.Join(cats, ",")
			if err != nil || got != want[name] {
				t.Errorf("%s (gzip %v): got %+v %v, want %+v", name, zip, got, err, want[name])
			}
		}
	}
}
