// Package insights is ctlake's CloudTrail Insights: a job that reads the management events of
// a source event data store, counts them per minute and per API (and per error code), keeps a
// baseline of the previous 7 whole days, and writes an Insights Start record when a minute is
// anomalous and an End record when the activity is normal again — the CloudTrail Insights
// record format (../shared/docs/api.md, seed 004) — into an Insights destination store and,
// on request, as trail files under CloudTrail-Insight/ in a bucket. The baseline is
// materialized beside the insights, as the destination store's table <store>.baseline.
//
// The detection model is in model.go (the math) and detect.go (the Start/End state machine);
// run.go drives one run over the minutes not yet processed; state.go keeps what a run leaves
// for the next, so runs are incremental, idempotent and survive restarts.
package insights
