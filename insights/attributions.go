package insights

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/ctlake/ctlake/store"
)

// Attributions: for each record, the top 5 user identity ARNs, user agents and error codes of
// the series' calls during the insight and during its baseline, each with its average per
// minute over that window (calls ÷ minutes), highest first. Absent values print as "null",
// as CloudTrail writes them. One query serves all records of a run.

const topValues = 5

var attributeNames = []string{"userIdentityArn", "userAgent", "errorCode"}

// attrWindow is one window to attribute: series k over [from, to), of length minutes.
type attrWindow struct {
	k        Key
	from, to time.Time
	minutes  int
}

// attributions returns, for each pair of windows (insight, baseline), the attribution list.
func (d *duck) attributions(ctx context.Context, snap *store.Snapshot, pairs [][2]attrWindow) ([][]Attribution, error) {
	out := make([][]Attribution, len(pairs))
	if len(pairs) == 0 {
		return out, nil
	}
	lo, hi := pairs[0][0].from, pairs[0][0].to
	var vals []string
	for i, p := range pairs {
		for j, w := range p {
			if w.from.Before(lo) {
				lo = w.from
			}
			if w.to.After(hi) {
				hi = w.to
			}
			vals = append(vals, fmt.Sprintf("(%d, %d, %s, %s, %s, %s, %s, %s, %s)", i, j, quote(w.k.Account), quote(w.k.Region),
				quote(w.k.EventSource), quote(w.k.EventName), quote(w.k.ErrorCode), ts(w.from), ts(w.to)))
		}
	}
	counts := make([][2]map[string]map[string]int64, len(pairs))
	list, _ := files(snap, lo, hi)
	if list != "" {
		q := `WITH w(i, j, acct, region, src, name, err, t0, t1) AS (VALUES ` + strings.Join(vals, ", ") + `),
m AS (SELECT w.i, w.j, e."userIdentity".arn AS arn, e."userIdentity".invokedBy AS invoker, e."userAgent" AS ua, e."errorCode" AS ec
      FROM read_parquet(` + list + `) e JOIN w ON e."eventSource" = w.src AND e."eventName" = w.name
       AND coalesce(e."recipientAccountId", '') = w.acct AND coalesce(e."awsRegion", '') = w.region
       AND e."eventTime" >= w.t0 AND e."eventTime" < w.t1
      WHERE ` + managementFilter + ` AND ((w.err = '' AND NOT coalesce(e."readOnly", false)) OR (w.err <> '' AND e."errorCode" = w.err)))
SELECT i, j, 0, coalesce(arn, invoker, 'null'), count(*) FROM m GROUP BY ALL
UNION ALL SELECT i, j, 1, coalesce(ua, 'null'), count(*) FROM m GROUP BY ALL
UNION ALL SELECT i, j, 2, coalesce(ec, 'null'), count(*) FROM m GROUP BY ALL`
		rows, err := d.db.QueryContext(ctx, q)
		if err != nil {
			return nil, fmt.Errorf("attributions: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var i, j, a int
			var v string
			var n int64
			if err := rows.Scan(&i, &j, &a, &v, &n); err != nil {
				return nil, fmt.Errorf("attributions: %w", err)
			}
			m := counts[i][j]
			if m == nil {
				m = map[string]map[string]int64{}
				counts[i][j] = m
			}
			name := attributeNames[a]
			if m[name] == nil {
				m[name] = map[string]int64{}
			}
			m[name][v] += n
		}
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("attributions: %w", err)
		}
	}
	for i, p := range pairs {
		for _, name := range attributeNames {
			out[i] = append(out[i], Attribution{Attribute: name,
				Insight:  top(counts[i][0][name], p[0].minutes),
				Baseline: top(counts[i][1][name], p[1].minutes)})
		}
	}
	return out, nil
}

// top returns the topValues values by count, as averages per minute over minutes.
func top(counts map[string]int64, minutes int) []ValueShare {
	type vc struct {
		v string
		n int64
	}
	all := make([]vc, 0, len(counts))
	for v, n := range counts {
		all = append(all, vc{v, n})
	}
	sort.Slice(all, func(a, b int) bool {
		if all[a].n != all[b].n {
			return all[a].n > all[b].n
		}
		return all[a].v < all[b].v
	})
	out := []ValueShare{}
	for _, x := range all[:min(len(all), topValues)] {
		avg := 0.0
		if minutes > 0 {
			avg = float64(x.n) / float64(minutes)
		}
		out = append(out, ValueShare{Value: x.v, Average: Number(avg)})
	}
	return out
}
