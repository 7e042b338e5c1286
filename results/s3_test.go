package results

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/ctlake/ctlake/testdata/moto"
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

func TestDeliverToS3(t *testing.T) {
	srv := moto.Start(t)
	ctx := context.Background()
	const bucket = "ctlake-results" // S3 bucket names have 3 to 63 characters
	srv.AWS("s3", "mb", "s3://"+bucket)

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
	if keys := srv.Keys(bucket); !slices.Equal(keys, wantKeys) {
		t.Fatalf("objects:\n got %q\nwant %q", keys, wantKeys)
	}
	// The CSV content, as `aws s3 cp` fetches it, is the rows (each file with the header).
	var all [][]string
	hashes := map[string]string{}
	for n := 1; n <= 3; n++ {
		name := fmt.Sprintf("result_%d.csv.gz", n)
		data := srv.Download(bucket, folderKey+"/"+name)
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
	sf, err := ParseSignFile(srv.Download(bucket, folderKey+"/result_sign.json"))
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
	orig := srv.Download(bucket, folderKey+"/result_1.csv.gz")
	bad := slices.Clone(orig)
	bad[len(bad)-5] ^= 0xff
	srv.Upload(bad, bucket, folderKey+"/result_1.csv.gz")
	rep, err = Validate(ctx, got.DeliveryLocation, s.PublicKey())
	if !errors.Is(err, ErrValidationFailed) || !slices.Equal(rep.Names(FileTampered), []string{"result_1.csv.gz"}) {
		t.Errorf("tampered: %+v %v", rep, err)
	}
	srv.Upload(orig, bucket, folderKey+"/result_1.csv.gz")

	// Deleted: named as missing.
	srv.AWS("s3", "rm", "--quiet", "s3://"+bucket+"/"+folderKey+"/result_2.csv.gz")
	rep, err = Validate(ctx, got.DeliveryLocation, s.PublicKey())
	if !errors.Is(err, ErrValidationFailed) || !slices.Equal(rep.Names(FileMissing), []string{"result_2.csv.gz"}) || len(rep.Problems) != 1 {
		t.Errorf("deleted: %+v %v", rep, err)
	}

	// An unlisted result file: named as extra.
	srv.Upload(orig, bucket, folderKey+"/result_4.csv.gz")
	rep, err = Validate(ctx, got.DeliveryLocation, s.PublicKey())
	if !errors.Is(err, ErrValidationFailed) || !slices.Equal(rep.Names(FileExtra), []string{"result_4.csv.gz"}) {
		t.Errorf("extra: %+v %v", rep, err)
	}

	// Redelivery repairs the folder: the missing file is back, the stale extra one gone.
	if _, err := s.Deliver(ctx, rec.QueryID, "s3://"+bucket+"/prefix"); err != nil {
		t.Fatal(err)
	}
	if keys := srv.Keys(bucket); !slices.Equal(keys, wantKeys) {
		t.Errorf("objects after redelivery: %q", keys)
	}
	if _, err := Validate(ctx, got.DeliveryLocation, s.PublicKey()); err != nil {
		t.Errorf("after redelivery: %v", err)
	}

	// No prefix: the layout starts at the bucket's root.
	srv.AWS("s3", "mb", "s3://root-bucket")
	got, err = s.Deliver(ctx, rec.QueryID, "s3://root-bucket")
	if err != nil || got.DeliveryLocation != "s3://root-bucket/"+lakeFolder("", rec)[1:] {
		t.Errorf("bucket root: %v %v", got.DeliveryLocation, err)
	}
	if _, err := Validate(ctx, got.DeliveryLocation+"/", s.PublicKey()); err != nil {
		t.Errorf("bucket root: %v", err)
	}
}

func TestDeliverToMissingBucket(t *testing.T) {
	moto.Start(t)
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
