package main

import (
	"fmt"
	"strings"

	"github.com/ctlake/ctlake/testdata/anomaly"
)

// listAtMost bounds the missed and false insights listed: enough to see a pattern.
const listAtMost = 12

// report prints the score against the targets.
func (b *insightsBench) report() {
	// False insights are relative to the normal events of the detection window: the baseline
	// week cannot raise any, so counting its events too would halve the rate.
	res := anomaly.Score(b.plan, b.detected, b.normalWindow)
	src := b.job.Sources[0]
	// The job's speed is over the whole source store: it counts the detection window and reads
	// the baseline week before it, so every event is read. Its own count covers the window only.
	secs := b.job.Elapsed.Seconds()
	rate := float64(b.stored) / secs
	fmt.Printf("job:      %d minutes of %d series in %.1f s: %d source events = %.0f events/s (target >= %d: %s)\n",
		src.Minutes, src.Series, secs, b.stored, rate, targetJobSpeed, verdict(rate >= targetJobSpeed))
	fmt.Printf("          %d events in the analysed minutes' files (the job's count) = %.0f events/s\n", b.job.Events(), float64(b.job.Events())/secs)
	fmt.Printf("insights: %d in the destination (%d started, %d ended, %d open at the end)\n\n",
		res.Detected, src.Started, src.Ended, src.Open)

	fmt.Printf("recall:   %d/%d = %.3f (target >= %.2f: %s)\n", res.Matched, res.Injections, res.Recall(), targetRecall, verdict(res.Recall() >= targetRecall))
	for _, k := range anomaly.Kinds {
		ks := res.ByKind[k]
		fmt.Printf("  %-11s %3d/%-3d = %.3f (target >= %.2f: %s)\n", k, ks.Matched, ks.Injections, ks.Recall(), targetRecall, verdict(ks.Recall() >= targetRecall))
	}
	fmt.Printf("false:    %d insights on no injection = %.2f per million normal events of the detection window (%d; target <= %.0f: %s)\n",
		res.False, res.FalsePerMillion, b.normalWindow, targetFalse, verdict(res.FalsePerMillion <= targetFalse))
	fmt.Printf("          = %.2f per million normal events of the whole store (%d)\n", float64(res.False)/(float64(b.normal)/1e6), b.normal)
	fmt.Printf("also:     %d collateral (another series of an injected API, at its time: neither found nor false), %d fragments (extra insights on one injection)\n",
		res.Collateral, res.Fragments)
	fmt.Printf("timing:   Start error mean %.1f min, max %.0f min; End error mean %.1f min, max %.0f min (%d matched, %d still open; no target)\n",
		res.StartError.Mean, res.StartError.Max, res.EndError.Mean, res.EndError.Max, res.StartError.N, res.Open)

	if len(res.Missed) > 0 {
		fmt.Printf("\nmissed (%d):\n", len(res.Missed))
		for i, in := range res.Missed {
			if i == listAtMost {
				fmt.Printf("  … %d more\n", len(res.Missed)-i)
				break
			}
			fmt.Printf("  %s\n", in)
		}
	}
	if len(res.FalseInsights) > 0 {
		fmt.Printf("\nfalse insights (%d):\n", len(res.FalseInsights))
		for i, d := range res.FalseInsights {
			if i == listAtMost {
				fmt.Printf("  … %d more\n", len(res.FalseInsights)-i)
				break
			}
			end := "open"
			if !d.Open() {
				end = d.End.Format("15:04Z")
			}
			fmt.Printf("  %s %s–%s (baseline %.4g/min, insight %.4g/min)\n", d.Key, d.Start.Format("2006-01-02T15:04Z"), end, d.BaselineAverage, d.InsightAverage)
		}
	}
}

// kindCounts is "36 Spike, 5 Drop, 9 ErrorBurst".
func kindCounts(plan []anomaly.Injection) string {
	n := map[anomaly.Kind]int{}
	for _, in := range plan {
		n[in.Kind]++
	}
	var parts []string
	for _, k := range anomaly.Kinds {
		parts = append(parts, fmt.Sprintf("%d %s", n[k], k))
	}
	return strings.Join(parts, ", ")
}
