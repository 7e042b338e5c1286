package results

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

func TestUsePathStyle(t *testing.T) {
	for _, tc := range []struct {
		env, endpoint string
		want          bool
	}{
		{"", "", false},
		{"true", "", true},
		{"TRUE", "https://s3.example.com", true},
		{"false", "http://127.0.0.1:5000", true},
		{"", "http://[::1]:9000", true},
		{"", "http://localhost:4566", true},
		{"", "http://s3.localhost:4566", true},
		{"", "https://s3.us-east-1.amazonaws.com", false},
		{"", "https://minio.internal:9000", false},
	} {
		if got := usePathStyle(tc.env, tc.endpoint); got != tc.want {
			t.Errorf("usePathStyle(%q, %q) = %v, want %v", tc.env, tc.endpoint, got, tc.want)
		}
	}
}

// motoS3 is a moto S3 server on loopback, with the environment pointing the SDK and the
// aws CLI at it.
type motoS3 struct {
	endpoint string
	t        *testing.T
}

// startMoto starts `moto_server` on a free port, waits until it answers and sets the
// environment for the test; it is killed when the test ends. Without moto_server on PATH
// the test is skipped.
func startMoto(t *testing.T) *motoS3 {
	t.Helper()
	bin, err := exec.LookPath("moto_server")
	if err != nil {
		t.Skip("moto_server is not on PATH (pip install 'moto[server]'): skipping the real S3 test")
	}
	if _, err := exec.LookPath("aws"); err != nil {
		t.Fatal("moto_server is on PATH but the aws CLI is not: the S3 test reads back with it")
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	var logs bytes.Buffer
	cmd := exec.Command(bin, "-H", "127.0.0.1", "-p", strconv.Itoa(port))
	cmd.Stdout, cmd.Stderr = &logs, &logs
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true} // the pyenv shim may leave a child
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		syscall.Kill(-cmd.Process.Pid, syscall.SIGTERM)
		done := make(chan struct{})
		go func() { cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
			<-done
		}
	})
	endpoint := fmt.Sprintf("http://127.0.0.1:%d", port)
	deadline := time.Now().Add(60 * time.Second)
	for {
		resp, err := http.Get(endpoint + "/moto-api/")
		if err == nil {
			resp.Body.Close()
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("moto_server did not answer on %s: %v\n%s", endpoint, err, logs.String())
		}
		time.Sleep(100 * time.Millisecond)
	}
	home := t.TempDir()
	for k, v := range map[string]string{
		"AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test", "AWS_SESSION_TOKEN": "",
		"AWS_DEFAULT_REGION": "us-east-1", "AWS_REGION": "us-east-1", "AWS_PROFILE": "",
		"AWS_CONFIG_FILE": filepath.Join(home, "config"), "AWS_SHARED_CREDENTIALS_FILE": filepath.Join(home, "credentials"),
		"AWS_EC2_METADATA_DISABLED": "true", "AWS_ENDPOINT_URL": endpoint, "AWS_ENDPOINT_URL_S3": "",
		"AWS_S3_USE_PATH_STYLE": "",
	} {
		t.Setenv(k, v) // restores the old value after the test
		if v == "" {
			os.Unsetenv(k)
		}
	}
	return &motoS3{endpoint: endpoint, t: t}
}

// aws runs the aws CLI against moto and returns its standard output.
func (m *motoS3) aws(args ...string) string {
	m.t.Helper()
	out, err := m.awsErr(args...)
	if err != nil {
		m.t.Fatalf("aws %s: %v", strings.Join(args, " "), err)
	}
	return out
}

func (m *motoS3) awsErr(args ...string) (string, error) {
	cmd := exec.Command("aws", append([]string{"--endpoint-url", m.endpoint}, args...)...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return string(out), fmt.Errorf("%w: %s", err, stderr.String())
	}
	return string(out), nil
}

// keys lists the object keys under s3://bucket/ with `aws s3 ls --recursive`.
func (m *motoS3) keys(bucket string) []string {
	var keys []string
	for _, line := range strings.Split(strings.TrimSpace(m.aws("s3", "ls", "--recursive", "s3://"+bucket+"/")), "\n") {
		if f := strings.Fields(line); len(f) == 4 {
			keys = append(keys, f[3])
		}
	}
	slices.Sort(keys)
	return keys
}

func (m *motoS3) download(bucket, key string) []byte {
	m.t.Helper()
	dst := filepath.Join(m.t.TempDir(), "object")
	m.aws("s3", "cp", "--quiet", "s3://"+bucket+"/"+key, dst)
	data, err := os.ReadFile(dst)
	if err != nil {
		m.t.Fatal(err)
	}
	return data
}

func (m *motoS3) upload(data []byte, bucket, key string) {
	m.t.Helper()
	src := filepath.Join(m.t.TempDir(), "object")
	os.WriteFile(src, data, 0o644)
	m.aws("s3", "cp", "--quiet", src, "s3://"+bucket+"/"+key)
}

func TestDeliverToS3(t *testing.T) {
	moto := startMoto(t)
	ctx := context.Background()
	const bucket = "ctlake-results" // S3 bucket names have 3 to 63 characters
	moto.aws("s3", "mb", "s3://"+bucket)

	s, _ := newTestStore(t, WithDeliveryLimits(3, 0))
	cols, rows := numberedRows(7)
	rows[1][1] = "with, comma and \"quotes\""
	rec := runQuery(t, s, cols, rows, edsARN)

	got, err := s.Deliver(ctx, rec.QueryID, "s3://"+bucket+"/prefix")
	if err != nil {
		t.Fatal(err)
	}
	folderKey := lakeFolder("prefix", rec)
	if got.DeliveryStatus != DeliverySuccess || got.DeliveryLocation != "s3://"+bucket+"/"+folderKey {
		t.Fatalf("record after delivery: %+v", got)
	}

	// The layout, as `aws s3 ls --recursive` shows it.
	wantKeys := []string{folderKey + "/result_1.csv.gz", folderKey + "/result_2.csv.gz", folderKey + "/result_3.csv.gz", folderKey + "/result_sign.json"}
	if keys := moto.keys(bucket); !slices.Equal(keys, wantKeys) {
		t.Fatalf("objects:\n got %q\nwant %q", keys, wantKeys)
	}
	// The CSV content, as `aws s3 cp` fetches it, is the rows (each file with the header).
	var all [][]string
	hashes := map[string]string{}
	for n := 1; n <= 3; n++ {
		name := fmt.Sprintf("result_%d.csv.gz", n)
		data := moto.download(bucket, folderKey+"/"+name)
		hashes[name] = hashOf(data)
		recs := readCSVGz(t, data)
		if !slices.Equal(recs[0], cols) {
			t.Errorf("%s header %v", name, recs[0])
		}
		all = append(all, recs[1:]...)
	}
	if fmt.Sprint(all) != fmt.Sprint(textRows(rows)) {
		t.Errorf("CSV rows:\n got %q\nwant %q", all, textRows(rows))
	}
	sf, err := ParseSignFile(moto.download(bucket, folderKey+"/result_sign.json"))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range sf.Files {
		if hashes[f.FileName] != f.FileHashValue {
			t.Errorf("%s: hash %s, object hashes to %s", f.FileName, f.FileHashValue, hashes[f.FileName])
		}
	}

	rep, err := Validate(ctx, got.DeliveryLocation, s.PublicKey())
	if err != nil || !rep.OK() || len(rep.Files) != 3 {
		t.Fatalf("Validate: %+v %v", rep, err)
	}

	// Tampered with the aws CLI: Validate names the file.
	orig := moto.download(bucket, folderKey+"/result_1.csv.gz")
	bad := slices.Clone(orig)
	bad[len(bad)-5] ^= 0xff
	moto.upload(bad, bucket, folderKey+"/result_1.csv.gz")
	rep, err = Validate(ctx, got.DeliveryLocation, s.PublicKey())
	if !errors.Is(err, ErrValidationFailed) || !slices.Equal(rep.Names(FileTampered), []string{"result_1.csv.gz"}) {
		t.Errorf("tampered: %+v %v", rep, err)
	}
	moto.upload(orig, bucket, folderKey+"/result_1.csv.gz")

	// Deleted: named as missing.
	moto.aws("s3", "rm", "--quiet", "s3://"+bucket+"/"+folderKey+"/result_2.csv.gz")
	rep, err = Validate(ctx, got.DeliveryLocation, s.PublicKey())
	if !errors.Is(err, ErrValidationFailed) || !slices.Equal(rep.Names(FileMissing), []string{"result_2.csv.gz"}) || len(rep.Problems) != 1 {
		t.Errorf("deleted: %+v %v", rep, err)
	}

	// An unlisted result file: named as extra.
	moto.upload(orig, bucket, folderKey+"/result_4.csv.gz")
	rep, err = Validate(ctx, got.DeliveryLocation, s.PublicKey())
	if !errors.Is(err, ErrValidationFailed) || !slices.Equal(rep.Names(FileExtra), []string{"result_4.csv.gz"}) {
		t.Errorf("extra: %+v %v", rep, err)
	}

	// Redelivery repairs the folder: the missing file is back, the stale extra one gone.
	if _, err := s.Deliver(ctx, rec.QueryID, "s3://"+bucket+"/prefix"); err != nil {
		t.Fatal(err)
	}
	if keys := moto.keys(bucket); !slices.Equal(keys, wantKeys) {
		t.Errorf("objects after redelivery: %q", keys)
	}
	if _, err := Validate(ctx, got.DeliveryLocation, s.PublicKey()); err != nil {
		t.Errorf("after redelivery: %v", err)
	}

	// No prefix: the layout starts at the bucket's root.
	moto.aws("s3", "mb", "s3://root-bucket")
	got, err = s.Deliver(ctx, rec.QueryID, "s3://root-bucket")
	if err != nil || got.DeliveryLocation != "s3://root-bucket/"+lakeFolder("", rec)[1:] {
		t.Errorf("bucket root: %v %v", got.DeliveryLocation, err)
	}
	if _, err := Validate(ctx, got.DeliveryLocation+"/", s.PublicKey()); err != nil {
		t.Errorf("bucket root: %v", err)
	}
}

func TestDeliverToMissingBucket(t *testing.T) {
	startMoto(t)
	ctx := context.Background()
	s, _ := newTestStore(t)
	cols, rows := numberedRows(4)
	rec, _ := s.Create(ctx, "SELECT 1", "sql", nil, "s3://no-such-bucket/x")
	s.SetRunning(ctx, rec.QueryID)
	if _, err := s.Finish(ctx, rec.QueryID, newFakeRows(cols, rows), nil); err != nil {
		t.Fatal(err)
	}
	got, err := s.Deliver(ctx, rec.QueryID, "")
	var de *DeliveryError
	if !errors.As(err, &de) || de.Status != DeliveryResourceNotFound {
		t.Fatalf("error %v, want a RESOURCE_NOT_FOUND DeliveryError", err)
	}
	if got.DeliveryStatus != DeliveryResourceNotFound || !strings.Contains(got.DeliveryErrorMessage, "NoSuchBucket") {
		t.Errorf("record: %s %q", got.DeliveryStatus, got.DeliveryErrorMessage)
	}
	// The results are still there.
	p, err := s.Results(ctx, rec.QueryID, 10, "")
	if err != nil || p.QueryStatus != Finished || fmt.Sprint(pageText(t, p)) != fmt.Sprint(textRows(rows)) {
		t.Errorf("Results after a failed delivery: %v", err)
	}
	// Validate of a folder in a missing bucket is an error, not a report.
	rep, err := Validate(ctx, "s3://no-such-bucket/x/AWSLogs", s.PublicKey())
	if err == nil || rep != nil || errors.Is(err, ErrValidationFailed) {
		t.Errorf("validate in a missing bucket: %v %v", rep, err)
	}
}
