package store

import (
	"bytes"
	"cmp"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"
)

// randomEvents makes events where every optional part is, at random, absent, empty or set,
// so that every definition level of every leaf occurs.
func randomEvents(n int, seed uint64) []*Event {
	r := rand.New(rand.NewPCG(seed, 1))
	str := func() string {
		switch r.IntN(4) {
		case 0:
			return ""
		case 1:
			return "v"
		}
		return fmt.Sprintf("s%d", r.IntN(50))
	}
	optBool := func() OptBool {
		if r.IntN(3) == 0 {
			return OptBool{}
		}
		return Bool(r.IntN(2) == 0)
	}
	some := func() bool { return r.IntN(3) != 0 }
	tm := func() time.Time {
		if r.IntN(4) == 0 {
			return time.Time{}
		}
		return time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(r.Int64N(int64(48 * time.Hour))))
	}
	mp := func() Map {
		switch r.IntN(4) {
		case 0:
			return nil
		case 1:
			return Map{}
		}
		m := make(Map, 1+r.IntN(4))
		for i := range m {
			m[i] = KV{Key: fmt.Sprintf("k%d", i), Value: str(), Null: r.IntN(5) == 0}
			if m[i].Null {
				m[i].Value = ""
			}
		}
		return m
	}
	out := make([]*Event, n)
	for i := range out {
		e := &Event{
			EventVersion: str(), EventTime: tm(), EventSource: str(), EventName: str(), AwsRegion: str(),
			SourceIPAddress: str(), UserAgent: str(), ErrorCode: str(), ErrorMessage: str(),
			RequestParameters: mp(), ResponseElements: mp(), AdditionalEventData: mp(),
			RequestID: str(), EventID: fmt.Sprintf("id-%d", i), ReadOnly: optBool(), EventType: str(),
			APIVersion: str(), ManagementEvent: optBool(), RecipientAccountID: str(), ServiceEventDetails: mp(),
			SharedEventID: str(), Annotation: str(), VpcEndpointID: str(), VpcEndpointAccountID: str(),
			EventCategory: str(), Addendum: mp(), SessionCredentialFromConsole: str(), EdgeDeviceDetails: mp(),
			InsightDetails: mp(), EventJSON: fmt.Sprintf(`{"n":%d}`, i), EventJSONChecksum: str(),
		}
		if e.EventTime.IsZero() {
			e.EventTime = time.Unix(int64(i), 0).UTC()
		}
		if some() {
			u := &UserIdentity{Type: str(), PrincipalID: str(), ARN: str(), AccountID: str(), AccessKeyID: str(),
				UserName: str(), InvokedBy: str(), IdentityProvider: str(), CredentialID: str()}
			if some() {
				c := &SessionContext{SourceIdentity: str(), EC2RoleDelivery: str(), EC2IssuedInVpc: str()}
				if some() {
					c.Attributes = &SessionAttributes{CreationDate: tm(), MFAAuthenticated: str()}
				}
				if some() {
					c.SessionIssuer = &SessionIssuer{Type: str(), PrincipalID: str(), ARN: str(), AccountID: str(), UserName: str()}
				}
				if some() {
					c.WebIDFederationData = &WebIDFederationData{FederatedProvider: str(), Attributes: mp()}
				}
				u.SessionContext = c
			}
			if some() {
				u.OnBehalfOf = &OnBehalfOf{UserID: str(), IdentityStoreArn: str()}
			}
			e.UserIdentity = u
		}
		switch r.IntN(3) {
		case 0:
		case 1:
			e.Resources = []Resource{}
		default:
			for range 1 + r.IntN(3) {
				e.Resources = append(e.Resources, Resource{AccountID: str(), Type: str(), ARN: str(), ARNPrefix: str()})
			}
		}
		if some() {
			e.TLSDetails = &TLSDetails{TLSVersion: str(), CipherSuite: str(), ClientProvidedHostHeader: str()}
		}
		out[i] = e
	}
	return out
}

// writeWithPqarrow writes events as the store did before the leaf writer: an Arrow record per
// row group through pqarrow.
func writeWithPqarrow(t *testing.T, path string, events []*Event) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	fw, err := pqarrow.NewFileWriter(arrowSchema, f, writerProps(), pqarrow.NewArrowWriterProperties())
	if err != nil {
		t.Fatal(err)
	}
	for start := 0; start < len(events); start += rowGroupRows {
		rec := buildRecord(memory.DefaultAllocator, events[start:min(start+rowGroupRows, len(events))])
		err := fw.Write(rec)
		rec.Release()
		if err != nil {
			t.Fatal(err)
		}
	}
	if err := fw.Close(); err != nil {
		t.Fatal(err)
	}
}

// sameAsPqarrow checks that the store's writer and pqarrow write events as the same bytes.
func sameAsPqarrow(t *testing.T, events []*Event) {
	t.Helper()
	dir := t.TempDir()
	if _, err := writeParquetWith(context.Background(), dir, "leaf.parquet", events, writerProps()); err != nil {
		t.Fatal(err)
	}
	writeWithPqarrow(t, filepath.Join(dir, "arrow.parquet"), events)
	a, _ := os.ReadFile(filepath.Join(dir, "leaf.parquet"))
	b, _ := os.ReadFile(filepath.Join(dir, "arrow.parquet"))
	if !bytes.Equal(a, b) {
		t.Fatalf("files differ: %d and %d bytes", len(a), len(b))
	}
}

// TestLeafWriterMatchesPqarrow: the leaf writer and pqarrow over an Arrow record write the
// same file, byte for byte, for events with every combination of absent, empty and present
// parts.
func TestLeafWriterMatchesPqarrow(t *testing.T) {
	for _, n := range []int{1, 7, 3000, rowGroupRows + 3} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			sameAsPqarrow(t, randomEvents(n, uint64(n)))
		})
	}
}

// TestSortForStorage: rows end up ordered by eventSource, eventName, eventTime, none lost.
func TestSortForStorage(t *testing.T) {
	events := randomEvents(5000, 3)
	for i, e := range events { // times across years, with nanoseconds, some equal
		e.EventTime = time.Date(1950+i%100, 1, 1, 0, 0, i%7, i%3, time.UTC)
	}
	seen := map[*Event]bool{}
	for _, e := range events {
		seen[e] = true
	}
	sortForStorage(events)
	for i, e := range events {
		if !seen[e] {
			t.Fatalf("row %d is not one of the events", i)
		}
		delete(seen, e)
		if i == 0 {
			continue
		}
		p := events[i-1]
		c := cmp.Or(strings.Compare(p.EventSource, e.EventSource), strings.Compare(p.EventName, e.EventName), p.EventTime.Compare(e.EventTime))
		if c > 0 {
			t.Fatalf("rows %d and %d out of order: %s %s %v, %s %s %v", i-1, i, p.EventSource, p.EventName, p.EventTime, e.EventSource, e.EventName, e.EventTime)
		}
	}
	if len(seen) != 0 {
		t.Fatalf("%d events lost", len(seen))
	}
}

// TestLeafWriterLargeDictionaries: a column whose dictionary outgrows the writer's limit in
// the middle of a row group is written PLAIN, as arrow-go's own encoder writes it, and one
// just under the limit keeps its dictionary; both files match pqarrow's byte for byte.
func TestLeafWriterLargeDictionaries(t *testing.T) {
	limit := int(writerProps().DictionaryPageSizeLimit())
	for _, tc := range []struct {
		name   string
		unique int // distinct userAgent values
	}{
		{"over the limit", 3 * limit / 64},
		{"under the limit", limit / 128},
	} {
		t.Run(tc.name, func(t *testing.T) {
			events := randomEvents(20_000, 9)
			for i, e := range events {
				e.UserAgent = fmt.Sprintf("agent-%058d", i%tc.unique) // 64 bytes
				e.RequestParameters = Map{{Key: "k", Value: fmt.Sprintf("value-%d", i)}, {Key: "n", Null: true}}
			}
			sameAsPqarrow(t, events)
		})
	}
}
