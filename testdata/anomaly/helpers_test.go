package anomaly

import (
	"context"
	"fmt"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/ctlake/ctlake/testdata/gen"
)

// The fixture: nine days of generated events, the first seven the baseline, the last two the
// detection window; a Monday start, like the benchmark's data.
var (
	testStart  = time.Date(2024, 3, 4, 0, 0, 0, 0, time.UTC)
	testDays   = 9
	testWindow = Window{Start: testStart.AddDate(0, 0, 7), End: testStart.AddDate(0, 0, testDays)}
)

const (
	testEvents = 60_000
	testSeed   = 11
	// testSteadyRate keeps the added steady series small: 1 to 5 calls every minute is still
	// never quiet.
	testSteadyRate = 3
)

// TestMain removes the shared fixture.
func TestMain(m *testing.M) {
	code := m.Run()
	if shared.dir != "" {
		os.RemoveAll(shared.dir)
	}
	os.Exit(code)
}

// shared is the fixture generated once for the tests that only read it.
var shared struct {
	once sync.Once
	dir  string
	p    *Profile
	err  error
}

// sharedTrail returns the shared fixture and the profile generate made of it (steady series
// merged in memory, not read back), neither of which the caller may change.
func sharedTrail(t *testing.T) (string, *Profile) {
	t.Helper()
	shared.once.Do(func() {
		if shared.dir, shared.err = os.MkdirTemp("", "anomaly-test-"); shared.err == nil {
			shared.p, shared.err = generate(shared.dir)
		}
	})
	if shared.err != nil {
		t.Fatal(shared.err)
	}
	return shared.dir, shared.p
}

// generated generates a private copy of the fixture, for a test that changes the files.
func generated(t *testing.T) (string, *Profile) {
	t.Helper()
	dir := t.TempDir()
	p, err := generate(dir)
	if err != nil {
		t.Fatal(err)
	}
	return dir, p
}

// generate writes the fixture's trail under dir with a steady series added, and returns its
// profile.
func generate(dir string) (*Profile, error) {
	ctx := context.Background()
	// Two regions rather than the default six: a third of the files, as many series as the
	// plan needs.
	cfg := gen.Config{Events: testEvents, Seed: testSeed, Start: testStart, Days: testDays, Regions: []string{"us-east-1", "us-west-2"}}
	if _, err := gen.Generate(ctx, cfg, dir); err != nil {
		return nil, fmt.Errorf("generate: %w", err)
	}
	p, err := ProfileTrail(ctx, dir, testStart, testDays*1440)
	if err != nil {
		return nil, err
	}
	acct, region := p.Home()
	steady := DefaultSteady(acct, region, 1)
	steady.PerMinute = testSteadyRate
	if _, err := AddSteady(ctx, dir, p, steady); err != nil {
		return nil, fmt.Errorf("AddSteady: %w", err)
	}
	return p, nil
}

func profile(t *testing.T, dir string) *Profile {
	t.Helper()
	p, err := ProfileTrail(context.Background(), dir, testStart, testDays*1440)
	if err != nil {
		t.Fatalf("ProfileTrail: %v", err)
	}
	return p
}

// record is a minimal management (or data) event for hand-made trails.
func record(t time.Time, id, region, source, name string, readOnly, management bool, errorCode string) []byte {
	extra := ""
	if errorCode != "" {
		extra = fmt.Sprintf(`,"errorCode":%q,"errorMessage":"denied"`, errorCode)
	}
	category := "Management"
	if !management {
		category = "Data"
	}
	return fmt.Appendf(nil, `{"eventVersion":"1.09","userIdentity":{"type":"IAMUser","arn":"arn:aws:iam::111122223333:user/test"},`+
		`"eventTime":%q,"eventSource":%q,"eventName":%q,"awsRegion":%q,"sourceIPAddress":"192.0.2.1","userAgent":"test",`+
		`"requestParameters":{"n":1.50},"responseElements":null,"eventID":%q,"readOnly":%t,"eventType":"AwsApiCall",`+
		`"managementEvent":%t,"recipientAccountId":"111122223333","eventCategory":%q%s}`,
		t.UTC().Format(time.RFC3339), source, name, region, id, readOnly, management, category, extra)
}
