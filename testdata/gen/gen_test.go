package gen

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"
)

var testStart = time.Date(2024, 3, 4, 0, 0, 0, 0, time.UTC) // a Monday

func generate(t testing.TB, cfg Config) (string, Stats) {
	t.Helper()
	dir := t.TempDir()
	st, err := Generate(context.Background(), cfg, dir)
	if err != nil {
		t.Fatalf("Generate: %v", err)
	}
	return dir, st
}

// digests maps every file under dir (relative path) to the SHA-256 of its bytes.
func digests(t *testing.T, dir string) map[string][32]byte {
	t.Helper()
	out := map[string][32]byte{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		out[rel] = sha256.Sum256(b)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestDeterministic(t *testing.T) {
	cfg := Config{Events: 20000, Seed: 42, Start: testStart, Days: 2, Workers: 1}
	dirA, _ := generate(t, cfg)
	cfg.Workers = 3 // scheduling must not matter
	dirB, _ := generate(t, cfg)
	a, b := digests(t, dirA), digests(t, dirB)
	if len(a) == 0 || len(a) != len(b) {
		t.Fatalf("file counts differ: %d vs %d", len(a), len(b))
	}
	for name, sum := range a {
		if other, ok := b[name]; !ok || other != sum {
			t.Fatalf("%s differs between runs with the same seed", name)
		}
	}

	cfg.Seed = 43
	dirC, _ := generate(t, cfg)
	c := digests(t, dirC)
	same := 0
	for name, sum := range a {
		if c[name] == sum {
			same++
		}
	}
	if same != 0 {
		t.Fatalf("%d files identical under a different seed", same)
	}
}

func TestExactCount(t *testing.T) {
	for _, tc := range []struct{ events, days int }{{0, 1}, {1, 1}, {7, 3}, {1000, 1}, {12345, 2}} {
		cfg := Config{Events: tc.events, Seed: 1, Start: testStart, Days: tc.days}
		dir, st := generate(t, cfg)
		files := readTrail(t, dir)
		var n int
		var size int64
		for _, f := range files {
			n += len(f.records)
			size += f.size
		}
		if st.Events != tc.events || n != tc.events {
			t.Errorf("%d events: stats %d, files hold %d", tc.events, st.Events, n)
		}
		if st.Files != len(files) || st.Bytes != size {
			t.Errorf("%d events: stats %d files / %d bytes, disk %d / %d", tc.events, st.Files, st.Bytes, len(files), size)
		}
	}
}

// trailFile is one parsed output file.
type trailFile struct {
	path    string
	region  string
	start   time.Time // window start from the file name
	size    int64
	records []json.RawMessage
}

var fileRE = regexp.MustCompile(`^AWSLogs/(\d{12})/CloudTrail/([a-z0-9-]+)/(\d{4})/(\d{2})/(\d{2})/(\d{12})_CloudTrail_([a-z0-9-]+)_(\d{8}T\d{4}Z)_[A-Za-z0-9]{16}\.json\.gz$`)

func readTrail(t *testing.T, dir string) []trailFile {
	t.Helper()
	var out []trailFile
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		m := fileRE.FindStringSubmatch(filepath.ToSlash(rel))
		if m == nil {
			t.Fatalf("unexpected file %s", rel)
		}
		if m[1] != m[6] || m[2] != m[7] {
			t.Fatalf("%s: account or region of folder and name differ", rel)
		}
		start, err := time.Parse("20060102T1504Z", m[8])
		if err != nil {
			t.Fatalf("%s: %v", rel, err)
		}
		if start.Format("2006/01/02") != m[3]+"/"+m[4]+"/"+m[5] {
			t.Fatalf("%s: window %s not in its day folder", rel, start)
		}
		raw, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		zr, err := gzip.NewReader(bytes.NewReader(raw))
		if err != nil {
			t.Fatalf("%s: %v", rel, err)
		}
		body, err := io.ReadAll(zr)
		if err != nil {
			t.Fatalf("%s: %v", rel, err)
		}
		var doc struct{ Records []json.RawMessage }
		if err := json.Unmarshal(body, &doc); err != nil {
			t.Fatalf("%s: %v", rel, err)
		}
		if len(doc.Records) == 0 {
			t.Fatalf("%s: no records", rel)
		}
		out = append(out, trailFile{path: rel, region: m[2], start: start, size: int64(len(raw)), records: doc.Records})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].path < out[j].path })
	return out
}

// record is the part of an event the tests look at.
type record struct {
	EventVersion string `json:"eventVersion"`
	UserIdentity struct {
		Type           string `json:"type"`
		PrincipalID    string `json:"principalId"`
		ARN            string `json:"arn"`
		AccountID      string `json:"accountId"`
		AccessKeyID    string `json:"accessKeyId"`
		UserName       string `json:"userName"`
		InvokedBy      string `json:"invokedBy"`
		SessionContext *struct {
			SessionIssuer struct {
				Type, ARN, UserName string
			} `json:"sessionIssuer"`
			Attributes struct {
				CreationDate     string `json:"creationDate"`
				MFAAuthenticated string `json:"mfaAuthenticated"`
			} `json:"attributes"`
		} `json:"sessionContext"`
	} `json:"userIdentity"`
	EventTime           string            `json:"eventTime"`
	EventSource         string            `json:"eventSource"`
	EventName           string            `json:"eventName"`
	AwsRegion           string            `json:"awsRegion"`
	SourceIPAddress     string            `json:"sourceIPAddress"`
	UserAgent           string            `json:"userAgent"`
	ErrorCode           *string           `json:"errorCode"`
	ErrorMessage        *string           `json:"errorMessage"`
	RequestParameters   json.RawMessage   `json:"requestParameters"`
	ResponseElements    json.RawMessage   `json:"responseElements"`
	AdditionalEventData map[string]any    `json:"additionalEventData"`
	EventID             string            `json:"eventID"`
	ReadOnly            *bool             `json:"readOnly"`
	Resources           []map[string]any  `json:"resources"`
	EventType           string            `json:"eventType"`
	ManagementEvent     *bool             `json:"managementEvent"`
	RecipientAccountID  string            `json:"recipientAccountId"`
	EventCategory       string            `json:"eventCategory"`
	TLSDetails          map[string]string `json:"tlsDetails"`
	SessionCredential   string            `json:"sessionCredentialFromConsole"`
}

// fieldOrder is the order of top-level fields in real CloudTrail records.
var fieldOrder = []string{"eventVersion", "userIdentity", "eventTime", "eventSource", "eventName", "awsRegion",
	"sourceIPAddress", "userAgent", "errorCode", "errorMessage", "requestParameters", "responseElements",
	"additionalEventData", "requestID", "eventID", "readOnly", "resources", "eventType", "apiVersion",
	"managementEvent", "recipientAccountId", "serviceEventDetails", "sharedEventID", "vpcEndpointId",
	"vpcEndpointAccountId", "eventCategory", "tlsDetails", "sessionCredentialFromConsole"}

// topKeys returns the top-level keys of a JSON object in document order.
func topKeys(t *testing.T, raw []byte) []string {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(raw))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		t.Fatalf("record is not an object: %s", raw)
	}
	var keys []string
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			t.Fatal(err)
		}
		keys = append(keys, tok.(string))
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			t.Fatal(err)
		}
	}
	return keys
}

var uuidRE = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)

func TestRecords(t *testing.T) {
	const acct = "210987654321"
	cfg := Config{Events: 30000, Seed: 3, Start: testStart, Days: 2, AccountID: acct}
	dir, _ := generate(t, cfg)
	rank := map[string]int{}
	for i, k := range fieldOrder {
		rank[k] = i
	}
	ids := map[string]bool{}
	for _, f := range readTrail(t, dir) {
		end := f.start.Add(windowSecs * time.Second)
		prev := ""
		for _, raw := range f.records {
			keys := topKeys(t, raw)
			last := -1
			for _, k := range keys {
				r, ok := rank[k]
				if !ok || r <= last {
					t.Fatalf("%s: field %q unknown or out of order in %v", f.path, k, keys)
				}
				last = r
			}
			var r record
			if err := json.Unmarshal(raw, &r); err != nil {
				t.Fatalf("%s: %v", f.path, err)
			}
			ts, err := time.Parse("2006-01-02T15:04:05Z", r.EventTime)
			if err != nil || ts.Before(f.start) || !ts.Before(end) {
				t.Fatalf("%s: eventTime %q outside window %s", f.path, r.EventTime, f.start)
			}
			if r.EventTime < prev {
				t.Fatalf("%s: records not sorted by eventTime", f.path)
			}
			prev = r.EventTime
			switch {
			case r.EventVersion != "1.08" && r.EventVersion != "1.09",
				r.EventSource == "" || !strings.HasSuffix(r.EventSource, ".amazonaws.com"),
				r.EventName == "", r.AwsRegion != f.region, r.SourceIPAddress == "", r.UserAgent == "",
				r.ReadOnly == nil, r.ManagementEvent == nil, r.EventType == "", r.EventCategory == "",
				r.RecipientAccountID != acct, r.UserIdentity.AccountID == "" && r.UserIdentity.Type != "AWSService",
				r.RequestParameters == nil, r.ResponseElements == nil:
				t.Fatalf("%s: missing or wrong field in %s", f.path, raw)
			}
			if !uuidRE.MatchString(r.EventID) || ids[r.EventID] {
				t.Fatalf("%s: bad or duplicate eventID %q", f.path, r.EventID)
			}
			ids[r.EventID] = true
			if (r.ErrorCode != nil || r.ErrorMessage != nil) && r.EventType == "AwsApiCall" && string(r.ResponseElements) != "null" {
				t.Fatalf("%s: failed call with responseElements: %s", f.path, raw)
			}
			if *r.ManagementEvent != (r.EventCategory == "Management") {
				t.Fatalf("%s: managementEvent disagrees with eventCategory: %s", f.path, raw)
			}
			if sc := r.UserIdentity.SessionContext; sc != nil {
				if _, err := time.Parse("2006-01-02T15:04:05Z", sc.Attributes.CreationDate); err != nil || sc.Attributes.CreationDate > r.EventTime {
					t.Fatalf("%s: bad session creationDate in %s", f.path, raw)
				}
			}
		}
	}
}

// TestMix checks the shares and that what the sample queries of CloudTrail Lake and CloudWatch
// Logs Insights look for is there.
func TestMix(t *testing.T) {
	dir, _ := generate(t, Config{Events: 60000, Seed: 11, Start: testStart, Days: 3})
	var (
		n, data, read, failed              int
		types                              = map[string]int{}
		regions                            = map[string]int{}
		found                              = map[string]int{}
		loginOK, loginFail, loginNoMFAUser int
		hourly                             [24]int
	)
	for _, f := range readTrail(t, dir) {
		for _, raw := range f.records {
			var r record
			if err := json.Unmarshal(raw, &r); err != nil {
				t.Fatal(err)
			}
			n++
			types[r.UserIdentity.Type]++
			regions[r.AwsRegion]++
			if r.EventCategory == "Data" {
				data++
			}
			if *r.ReadOnly {
				read++
			}
			if r.ErrorCode != nil {
				failed++
			}
			ts, _ := time.Parse("2006-01-02T15:04:05Z", r.EventTime)
			if ts.Weekday() != time.Saturday && ts.Weekday() != time.Sunday {
				hourly[ts.Hour()]++
			}
			req, resp := string(r.RequestParameters), string(r.ResponseElements)
			check := func(name string, ok bool) {
				if ok {
					found[name]++
				}
			}
			if r.EventName == "ConsoleLogin" {
				switch {
				case strings.Contains(resp, `"Success"`):
					loginOK++
				case strings.Contains(resp, `"Failure"`) && r.ErrorMessage != nil && *r.ErrorMessage == "Failed authentication":
					loginFail++
				default:
					t.Fatalf("odd ConsoleLogin: %s", raw)
				}
				if r.UserIdentity.Type == "IAMUser" && r.AdditionalEventData["MFAUsed"] == "No" {
					loginNoMFAUser++
				}
				check("login LoginTo", r.AdditionalEventData["LoginTo"] != nil && r.AdditionalEventData["MobileVersion"] == "No")
				check("login with principalId Alice", strings.Contains(r.UserIdentity.PrincipalID, "Alice"))
			}
			if r.EventCategory == "Data" && r.EventSource == "s3.amazonaws.com" && r.EventName != "ListObjects" {
				ok := len(r.Resources) == 2 && r.Resources[0]["type"] == "AWS::S3::Object" && r.Resources[1]["type"] == "AWS::S3::Bucket" &&
					strings.HasPrefix(r.Resources[0]["ARN"].(string), r.Resources[1]["ARN"].(string)+"/") && !*r.ManagementEvent
				if !ok {
					t.Fatalf("bad S3 data event: %s", raw)
				}
				check("s3 PutObject bucket/key", r.EventName == "PutObject" && strings.Contains(req, `"bucketName"`) && strings.Contains(req, `"key"`))
			}
			check("RunInstances instanceId", r.EventName == "RunInstances" && strings.Contains(resp, `"instancesSet":{"items":[{"instanceId":"i-`))
			check("KMS Decrypt key", r.EventName == "Decrypt" && len(r.Resources) == 1 && r.Resources[0]["type"] == "AWS::KMS::Key" &&
				strings.HasPrefix(r.Resources[0]["ARN"].(string), "arn:aws:kms:"))
			check("Lambda Invoke", r.EventName == "Invoke" && r.EventCategory == "Data" && len(r.Resources) == 1 && r.Resources[0]["type"] == "AWS::Lambda::Function")
			check("DynamoDB item", r.EventCategory == "Data" && r.EventSource == "dynamodb.amazonaws.com" && r.Resources[0]["type"] == "AWS::DynamoDB::Table")
			check("AccessDenied/UnauthorizedOperation", r.ErrorCode != nil && (*r.ErrorCode == "AccessDenied" || *r.ErrorCode == "UnauthorizedOperation"))
			check("Client.UnauthorizedOperation", r.ErrorCode != nil && *r.ErrorCode == "Client.UnauthorizedOperation")
			check("NoSuchBucketPolicy", r.ErrorCode != nil && *r.ErrorCode == "NoSuchBucketPolicy" && *r.ErrorMessage == "The bucket policy does not exist")
			check("NoSuchPublicAccessBlockConfiguration", r.ErrorCode != nil && *r.ErrorCode == "NoSuchPublicAccessBlockConfiguration")
			check("ResourceNotFoundException", r.ErrorCode != nil && *r.ErrorCode == "ResourceNotFoundException")
			check("ThrottlingException", r.ErrorCode != nil && *r.ErrorCode == "ThrottlingException")
			check("HeadBucket denied to log delivery", r.EventName == "HeadBucket" && r.ErrorCode != nil && r.UserIdentity.InvokedBy == "delivery.logs.amazonaws.com")
			check("bob by access key", r.UserIdentity.UserName == "bob" && r.UserIdentity.AccessKeyID == "AKIAIOSFODNN7EXAMPLE")
			check("alice@example.com principal", strings.HasSuffix(r.UserIdentity.PrincipalID, "alice@example.com"))
			check("console write", r.SessionCredential == "true" && !*r.ReadOnly)
			check("old TLS", r.TLSDetails["tlsVersion"] == "TLSv1" || r.TLSDetails["tlsVersion"] == "TLSv1.1")
			check("cross account", r.UserIdentity.AccountID != "" && r.UserIdentity.AccountID != r.RecipientAccountID)
			check("role alice", r.UserIdentity.SessionContext != nil && r.UserIdentity.SessionContext.SessionIssuer.ARN == "arn:aws:iam::555555555555:role/alice")
			check("self assume role", r.EventName == "AssumeRole" && r.UserIdentity.Type == "AssumedRole" && r.ErrorCode == nil &&
				len(r.Resources) == 1 && r.UserIdentity.SessionContext.SessionIssuer.ARN == r.Resources[0]["ARN"])
			check("CreateUser", r.EventName == "CreateUser" && r.ErrorCode == nil && strings.Contains(req, `"userName"`) && strings.Contains(resp, `"arn":"arn:aws:iam::`))
			check("public ingress", r.EventName == "AuthorizeSecurityGroupIngress" && strings.Contains(req, "0.0.0.0/0"))
			check("aclRequired", r.AdditionalEventData["aclRequired"] == "Yes")
			check("cloudtrail StartQuery", r.EventSource == "cloudtrail.amazonaws.com" && r.EventName == "StartQuery" && strings.Contains(resp, "queryId"))
			check("GetSecretValue", r.EventName == "GetSecretValue")
			check("CreateLogStream", r.EventName == "CreateLogStream")
			check("AWSService config role", r.UserIdentity.SessionContext != nil && r.UserIdentity.SessionContext.SessionIssuer.UserName == "AWSServiceRoleForConfig")
			check("AutoScaling RunInstances", r.EventName == "RunInstances" && r.UserIdentity.SessionContext != nil &&
				r.UserIdentity.SessionContext.SessionIssuer.UserName == "AWSServiceRoleForAutoScaling")
		}
	}
	share := func(x int) float64 { return float64(x) / float64(n) }
	if s := share(data); s < 0.10 || s > 0.20 {
		t.Errorf("data events %.3f, want about 0.15", s)
	}
	if s := share(read); s < 0.70 || s > 0.82 {
		t.Errorf("read-only %.3f, want about 0.75", s)
	}
	if s := share(failed); s < 0.045 || s > 0.08 {
		t.Errorf("errors %.3f, want 0.05-0.08", s)
	}
	for _, typ := range []string{"IAMUser", "AssumedRole", "AWSService", "Root"} {
		if types[typ] == 0 {
			t.Errorf("no %s identity", typ)
		}
	}
	if len(regions) < 5 || regions["ap-south-2"] == 0 || share(regions["us-east-1"]) < 0.7 {
		t.Errorf("regions %v", regions)
	}
	if r := share(regions["ap-south-2"]); r > 0.01 {
		t.Errorf("rare region has %.3f of the events", r)
	}
	if loginOK == 0 || loginFail == 0 || loginNoMFAUser == 0 {
		t.Errorf("console logins: %d ok, %d failed, %d IAM users without MFA", loginOK, loginFail, loginNoMFAUser)
	}
	for _, name := range []string{"login LoginTo", "login with principalId Alice", "s3 PutObject bucket/key",
		"RunInstances instanceId", "KMS Decrypt key", "Lambda Invoke", "DynamoDB item", "AccessDenied/UnauthorizedOperation",
		"Client.UnauthorizedOperation", "NoSuchBucketPolicy", "NoSuchPublicAccessBlockConfiguration", "ResourceNotFoundException",
		"ThrottlingException", "HeadBucket denied to log delivery", "bob by access key", "alice@example.com principal",
		"console write", "old TLS", "cross account", "role alice", "self assume role", "CreateUser", "public ingress",
		"aclRequired", "cloudtrail StartQuery", "GetSecretValue", "CreateLogStream", "AWSService config role",
		"AutoScaling RunInstances"} {
		if found[name] == 0 {
			t.Errorf("no event for %q", name)
		}
	}
	// Daily rhythm: weekday office hours are busier than nights.
	if day, night := hourly[10]+hourly[14], hourly[2]+hourly[3]; day < 2*night {
		t.Errorf("weekday 10h+14h have %d events, 2h+3h %d", day, night)
	}
}

func TestCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	dir := t.TempDir()
	st, err := Generate(ctx, Config{Events: 5000, Seed: 1, Start: testStart, Days: 1}, dir)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if st.Files != 0 {
		t.Fatalf("wrote %d files after cancel", st.Files)
	}

	// Cancelled midway: whatever is on disk is complete; no temporary files remain.
	ctx, cancel = context.WithCancel(context.Background())
	dir = t.TempDir()
	done := make(chan struct{})
	var got Stats
	go func() {
		got, err = Generate(ctx, Config{Events: 300000, Seed: 1, Start: testStart, Days: 3, Workers: 2}, dir)
		close(done)
	}()
	time.Sleep(50 * time.Millisecond)
	cancel()
	<-done
	if err != nil && !errors.Is(err, context.Canceled) {
		t.Fatal(err)
	}
	var files int
	filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if !strings.HasSuffix(path, ".json.gz") || strings.HasPrefix(d.Name(), ".") {
				t.Errorf("left behind %s", path)
			}
			files++
		}
		return err
	})
	if files != got.Files {
		t.Errorf("%d files on disk, stats say %d", files, got.Files)
	}
	readTrail(t, dir) // every file parses
}

func TestInvalidConfig(t *testing.T) {
	for _, cfg := range []Config{
		{Events: -1},
		{Events: 10, AccountID: "12345"},
		{Events: 10, Regions: []string{"us-east-1", "us-east-1"}},
		{Events: 10, Regions: []string{"../etc"}},
	} {
		if _, err := Generate(context.Background(), cfg, t.TempDir()); !errors.Is(err, ErrInvalidConfig) {
			t.Errorf("%+v: err = %v, want ErrInvalidConfig", cfg, err)
		}
	}
}

func TestCustomRegions(t *testing.T) {
	dir, _ := generate(t, Config{Events: 3000, Seed: 5, Start: testStart, Days: 1, Regions: []string{"eu-central-1", "eu-west-3"}})
	seen := map[string]bool{}
	for _, f := range readTrail(t, dir) {
		seen[f.region] = true
	}
	if len(seen) != 2 || !seen["eu-central-1"] || !seen["eu-west-3"] {
		t.Fatalf("regions %v", seen)
	}
}

// BenchmarkGenerate measures end to end: encoding, gzip and writing files, 200k events over
// 7 days by default, GEN_BENCH_EVENTS to change it (GEN_BENCH_EVENTS=1000000 go test -run '^$'
// -bench Generate ./testdata/gen).
func BenchmarkGenerate(b *testing.B) {
	b.ReportAllocs()
	root := b.TempDir()
	events := 200000
	if s := os.Getenv("GEN_BENCH_EVENTS"); s != "" {
		var err error
		if events, err = strconv.Atoi(s); err != nil {
			b.Fatalf("GEN_BENCH_EVENTS: %v", err)
		}
	}
	for b.Loop() {
		dir, err := os.MkdirTemp(root, "run")
		if err != nil {
			b.Fatal(err)
		}
		st, err := Generate(context.Background(), Config{Events: events, Seed: 1, Start: testStart}, dir)
		if err != nil {
			b.Fatal(err)
		}
		b.SetBytes(st.Bytes)
	}
	b.ReportMetric(float64(events)*float64(b.N)/b.Elapsed().Seconds(), "events/s")
}

// BenchmarkEncode measures the CPU cost per event without the file system: one 5000-event
// window encoded and gzipped to io.Discard.
func BenchmarkEncode(b *testing.B) {
	b.ReportAllocs()
	cfg, _ := Config{Events: 1, Seed: 1, Start: testStart}.withDefaults()
	cat, err := newCatalog()
	if err != nil {
		b.Fatal(err)
	}
	pop, err := newPopulation(cfg.AccountID, cfg.Regions, cat)
	if err != nil {
		b.Fatal(err)
	}
	g := &generator{cfg: cfg, pop: pop, recon: cat.profiles["recon"], rare: len(cfg.Regions) - 1}
	w := g.newWorker()
	w.cw = countWriter{w: io.Discard}
	win := window{start: testStart.Unix() + 10*3600, human: 0.5}
	const n = 5000
	for b.Loop() {
		r := rng{s: 1}
		w.gz.Reset(&w.cw)
		if err := w.records(&r, win, 0, n); err != nil {
			b.Fatal(err)
		}
		w.gz.Close()
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "events/s")
}
