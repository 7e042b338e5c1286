package insights

import (
	"context"
	"database/sql/driver"
	"fmt"
	"strings"
	"time"

	"github.com/ctlake/ctlake/store"
	"github.com/duckdb/duckdb-go/v2"
)

// The baseline table (store.TableBaseline, queried as <destination>.baseline) has one row per
// source, series and day: the baseline the job measured that day's minutes against. Its files
// are tables/baseline/source=<source id>/day=YYYY-MM-DD.parquet in the destination store,
// written once per day by the first run that reaches the day.

// dayBaseline is the baselines of all series of one source for one day.
type dayBaseline struct {
	day      time.Time // 00:00 UTC
	from     time.Time // the baseline window [from, day)
	minutes  int
	profiles map[Key]*profile
}

// profileFor returns k's profile; a series absent from the baseline has an empty one (its
// rate is the floor).
func (b *dayBaseline) profileFor(k Key) *profile {
	if p := b.profiles[k]; p != nil {
		return p
	}
	p := &profile{minutes: b.minutes}
	b.profiles[k] = p
	return p
}

// span is a time range [from, to) of an earlier insight; to is zero while it goes on.
type span struct{ from, to time.Time }

// computeBaseline builds the baselines of day from the grid, which must cover [from, day),
// leaving the minutes of earlier insights out of the time-of-day statistics.
func computeBaseline(g *grid, day, from time.Time, past map[Key][]span) *dayBaseline {
	b := &dayBaseline{day: day, from: from, minutes: int(day.Sub(from) / time.Minute), profiles: map[Key]*profile{}}
	if b.minutes <= 0 {
		return b
	}
	for k := range g.series {
		w := g.window(k, from, day)
		if w == nil {
			continue
		}
		var skip []bool
		for _, sp := range past[k] {
			i, j := int(sp.from.Sub(from)/time.Minute), b.minutes
			if !sp.to.IsZero() {
				j = int(sp.to.Sub(from) / time.Minute)
			}
			i, j = max(i, 0), min(j, b.minutes)
			if i >= j {
				continue
			}
			if skip == nil {
				skip = make([]bool, b.minutes)
			}
			for m := i; m < j; m++ {
				skip[m] = true
			}
		}
		p := buildProfile(w, skip)
		if p.total > 0 {
			b.profiles[k] = &p
		}
	}
	return b
}

func baselineFile(sourceID string, day time.Time) string {
	return "source=" + sourceID + "/day=" + day.Format("2006-01-02") + ".parquet"
}

const baselineTable = "baseline_rows"

// saveBaseline writes the day's baselines as one file of the destination's baseline table.
func (d *duck) saveBaseline(ctx context.Context, st *store.Store, dest string, src *store.EventDataStore, b *dayBaseline, now time.Time) error {
	conn, err := d.db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	var cols []string
	for _, c := range store.BaselineColumns {
		cols = append(cols, `"`+c.Name+`" `+c.Type)
	}
	if _, err := conn.ExecContext(ctx, "CREATE OR REPLACE TEMP TABLE "+baselineTable+" ("+strings.Join(cols, ", ")+")"); err != nil {
		return err
	}
	err = conn.Raw(func(dc any) error {
		app, err := duckdb.NewAppenderFromConn(dc.(driver.Conn), "", baselineTable)
		if err != nil {
			return err
		}
		for k, p := range b.profiles {
			var errCode any
			if k.ErrorCode != "" {
				errCode = k.ErrorCode
			}
			maxes := make([]int32, hoursPerDay)
			copy(maxes, p.max[:])
			if err := app.AppendRow(src.EventDataStoreArn, k.Account, k.Region, k.EventSource, k.EventName, k.InsightType, errCode,
				b.day, b.from, b.day, int32(b.minutes), p.total, p.average,
				p.hourlyAvg[:], p.high[:], p.low[:], maxes, p.dispersion[:], now.UTC()); err != nil {
				app.Close()
				return err
			}
		}
		return app.Close()
	})
	if err != nil {
		return fmt.Errorf("baseline of %s for %s: %w", src.Name, b.day.Format(time.DateOnly), err)
	}
	return st.WriteTableFile(ctx, dest, store.TableBaseline, baselineFile(src.ID(), b.day), func(tmp string) error {
		_, err := conn.ExecContext(ctx, "COPY (SELECT * FROM "+baselineTable+" ORDER BY event_source, event_name, insight_type, error_code, aws_region) TO "+
			quote(tmp)+" (FORMAT parquet, COMPRESSION zstd)")
		return err
	})
}

// loadBaseline reads a day's baselines back from the table; ok is false when the day has none.
func (d *duck) loadBaseline(ctx context.Context, st *store.Store, dest string, src *store.EventDataStore, day, from time.Time) (*dayBaseline, bool, error) {
	paths, err := st.TableFiles(ctx, dest, store.TableBaseline, baselineFile(src.ID(), day))
	if err != nil || len(paths) == 0 {
		return nil, false, err
	}
	rows, err := d.db.QueryContext(ctx, `SELECT recipient_account_id, aws_region, event_source, event_name, insight_type,
		coalesce(error_code, ''), baseline_start, baseline_duration, baseline_total, baseline_average,
		hourly_average, hourly_high, hourly_low, hourly_max, hourly_dispersion FROM read_parquet(`+quote(paths[0])+`)`)
	if err != nil {
		return nil, false, fmt.Errorf("read baseline %s: %w", paths[0], err)
	}
	defer rows.Close()
	b := &dayBaseline{day: day, from: from, minutes: int(day.Sub(from) / time.Minute), profiles: map[Key]*profile{}}
	for rows.Next() {
		var k Key
		var p profile
		var minutes int32
		var start time.Time
		var avg, high, low, mx, disp []any
		if err := rows.Scan(&k.Account, &k.Region, &k.EventSource, &k.EventName, &k.InsightType, &k.ErrorCode,
			&start, &minutes, &p.total, &p.average, &avg, &high, &low, &mx, &disp); err != nil {
			return nil, false, fmt.Errorf("read baseline %s: %w", paths[0], err)
		}
		p.minutes = int(minutes)
		for h := 0; h < hoursPerDay && h < len(avg) && h < len(high) && h < len(low) && h < len(mx) && h < len(disp); h++ {
			p.hourlyAvg[h], _ = avg[h].(float64)
			p.high[h], _ = high[h].(float64)
			p.low[h], _ = low[h].(float64)
			m, _ := mx[h].(int32)
			p.max[h] = m
			p.dispersion[h], _ = disp[h].(float64)
		}
		b.profiles[k] = &p
	}
	if err := rows.Err(); err != nil {
		return nil, false, err
	}
	return b, true, nil
}
