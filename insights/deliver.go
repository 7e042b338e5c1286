package insights

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"sort"
	"time"

	"github.com/ctlake/ctlake/results"
)

// deliver writes records as CloudTrail writes Insights to a trail's bucket: gzip files of
// {"Records":[…]} under AWSLogs/<account>/CloudTrail-Insight/<region>/YYYY/MM/DD/, one per
// account, region and day of the run. The file name ends with a hash of its content, so a
// repeated run rewrites the same file rather than adding one.
func deliver(ctx context.Context, dest string, records []*Record) ([]string, error) {
	type group struct{ acct, region, day string }
	groups := map[group][]*Record{}
	for _, r := range records {
		g := group{r.RecipientAccountID, r.AwsRegion, r.EventTime[:10]}
		groups[g] = append(groups[g], r)
	}
	keys := make([]group, 0, len(groups))
	for g := range groups {
		keys = append(keys, g)
	}
	sort.Slice(keys, func(i, j int) bool {
		a, b := keys[i], keys[j]
		return a.acct+a.region+a.day < b.acct+b.region+b.day
	})
	var uris []string
	for _, g := range keys {
		var body bytes.Buffer
		body.WriteString(`{"Records":[`)
		for i, r := range groups[g] {
			if i > 0 {
				body.WriteByte(',')
			}
			body.Write(r.Marshal())
		}
		body.WriteString("]}")
		sum := sha256.Sum256(body.Bytes())
		var gz bytes.Buffer
		zw := gzip.NewWriter(&gz)
		zw.Write(body.Bytes())
		if err := zw.Close(); err != nil {
			return uris, err
		}
		day, _ := time.Parse(time.DateOnly, g.day)
		first, _ := time.Parse(time.RFC3339, groups[g][0].EventTime)
		rel := fmt.Sprintf("AWSLogs/%s/CloudTrail-Insight/%s/%s/%s_CloudTrail-Insight_%s_%s_%s.json.gz",
			g.acct, g.region, day.Format("2006/01/02"), g.acct, g.region, first.Format("20060102T1504Z"), hex.EncodeToString(sum[:8]))
		uri, err := results.PutFile(ctx, dest, rel, gz.Bytes(), "application/json")
		if err != nil {
			return uris, fmt.Errorf("deliver insights to %s: %w", dest, err)
		}
		uris = append(uris, uri)
	}
	return uris, nil
}
