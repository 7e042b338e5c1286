package ingest

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// TestListFilesDeliveryOrder: trail files come in the order CloudTrail delivered them (the
// time in their names), across regions and accounts; other files first, in path order;
// digests and hidden files not at all.
func TestListFilesDeliveryOrder(t *testing.T) {
	dir := t.TempDir()
	trail := func(acct, region, day, stamp string) string {
		return filepath.Join("AWSLogs", acct, "CloudTrail", region, "2024", "05", day,
			fmt.Sprintf("%s_CloudTrail_%s_%s_abc.json.gz", acct, region, stamp))
	}
	files := []string{
		trail("111", "us-west-2", "02", "20240502T0005Z"),
		trail("111", "eu-west-1", "01", "20240501T2355Z"),
		trail("222", "ap-south-1", "01", "20240501T1200Z"),
		trail("111", "us-west-2", "01", "20240501T0010Z"),
		"z.jsonl",
		"a/events.json",
		"x_CloudTrail_y_notastamp_z.json", // a name like a trail file's, without a time
	}
	skipped := []string{".hidden.json", filepath.Join("AWSLogs", "111", "CloudTrail-Digest", "d.json.gz")}
	for _, f := range append(files, skipped...) {
		p := filepath.Join(dir, f)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, _, err := listFiles([]string{dir})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{files[5], files[6], files[4], files[3], files[2], files[1], files[0]}
	for i := range want {
		want[i] = filepath.Join(dir, want[i])
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("order:\n%v\nwant\n%v", got, want)
	}
}
