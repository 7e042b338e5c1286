package insights

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/ctlake/ctlake/internal/atomicfile"
	"github.com/ctlake/ctlake/store"
)

// Insight types (CloudTrail's InsightType).
const (
	CallRate  = "ApiCallRateInsight"
	ErrorRate = "ApiErrorRateInsight"
)

// InsightSelector is one element of PutInsightSelectors' InsightSelectors.
type InsightSelector struct {
	InsightType string `json:"InsightType"`
}

// Selectors is the GetInsightSelectors response for an event data store, plus where the job
// also delivers trail files (not part of the AWS shape).
type Selectors struct {
	EventDataStoreArn   string            `json:"EventDataStoreArn"`
	InsightSelectors    []InsightSelector `json:"InsightSelectors"`
	InsightsDestination string            `json:"InsightsDestination,omitempty"`
	// DeliverTo is s3://bucket/prefix or a local folder that gets
	// AWSLogs/<account>/CloudTrail-Insight/<region>/YYYY/MM/DD/ files; "" for none.
	DeliverTo string    `json:"DeliverTo,omitempty"`
	Updated   time.Time `json:"UpdatedTimestamp"`
}

// Types returns the enabled insight types.
func (s *Selectors) Types() []string {
	out := make([]string, len(s.InsightSelectors))
	for i, is := range s.InsightSelectors {
		out[i] = is.InsightType
	}
	return out
}

// Has reports whether typ is enabled.
func (s *Selectors) Has(typ string) bool { return slices.Contains(s.Types(), typ) }

// EnableInput is PutInsightSelectors' request.
type EnableInput struct {
	Source      string   // the event data store analysed: name, id or ARN
	Destination string   // the Insights event data store the records go to
	Types       []string // default: both types
	DeliverTo   string   // optional bucket or folder for trail-style files
}

// configDir holds one <source-id>.json (selectors) and <source-id>.state.json per source.
func configDir(st *store.Store) string { return filepath.Join(st.Root(), "insights") }

func selectorsPath(st *store.Store, sourceID string) string {
	return filepath.Join(configDir(st), sourceID+".json")
}

// Enable turns Insights on for a source store, with PutInsightSelectors' rules: the types are
// ApiCallRateInsight and/or ApiErrorRateInsight, the source logs management events, and the
// destination is another store that logs Insight events only.
func Enable(ctx context.Context, st *store.Store, in EnableInput) (*Selectors, error) {
	types := in.Types
	if len(types) == 0 {
		types = []string{CallRate, ErrorRate}
	}
	var sels []InsightSelector
	for _, t := range types {
		t = strings.TrimSpace(t)
		if t != CallRate && t != ErrorRate {
			return nil, fmt.Errorf("%w: insight type %q: use %s or %s", ErrInvalidSelectors, t, CallRate, ErrorRate)
		}
		if slices.ContainsFunc(sels, func(s InsightSelector) bool { return s.InsightType == t }) {
			return nil, fmt.Errorf("%w: insight type %s given twice", ErrInvalidSelectors, t)
		}
		sels = append(sels, InsightSelector{InsightType: t})
	}
	src, err := st.GetEDS(ctx, in.Source)
	if err != nil {
		return nil, fmt.Errorf("source: %w", err)
	}
	if in.Destination == "" {
		return nil, fmt.Errorf("%w: a destination store is required (an event data store that logs eventCategory Insight)", ErrInvalidParameter)
	}
	dst, err := st.GetEDS(ctx, in.Destination)
	if err != nil {
		return nil, fmt.Errorf("destination: %w", err)
	}
	if src.ID() == dst.ID() {
		return nil, fmt.Errorf("%w: the source and the destination are the same store %s", ErrInvalidParameter, src.Name)
	}
	if !selectsCategory(src.AdvancedEventSelectors, "Management") {
		return nil, fmt.Errorf("%w: source %s does not log management events: Insights analyses management events", ErrInvalidParameter, src.Name)
	}
	if !onlyCategory(dst.AdvancedEventSelectors, "Insight") {
		return nil, fmt.Errorf("%w: destination %s is not an Insights event data store: create it with --selectors '[{\"Name\":\"insights\",\"FieldSelectors\":[{\"Field\":\"eventCategory\",\"Equals\":[\"Insight\"]}]}]'", ErrInvalidParameter, dst.Name)
	}
	if in.DeliverTo != "" && !strings.Contains(in.DeliverTo, "://") {
		abs, err := filepath.Abs(in.DeliverTo)
		if err != nil {
			return nil, fmt.Errorf("%w: deliver to %q: %v", ErrInvalidParameter, in.DeliverTo, err)
		}
		in.DeliverTo = abs
	}
	s := &Selectors{EventDataStoreArn: src.EventDataStoreArn, InsightSelectors: sels,
		InsightsDestination: dst.EventDataStoreArn, DeliverTo: in.DeliverTo, Updated: st.Now().UTC()}
	if err := atomicfile.WriteJSON(selectorsPath(st, src.ID()), s); err != nil {
		return nil, fmt.Errorf("save insight selectors of %s: %w", src.Name, err)
	}
	return s, nil
}

// Get returns the insight selectors of a source store; ErrNotEnabled when there are none.
func Get(ctx context.Context, st *store.Store, source string) (*Selectors, error) {
	src, err := st.GetEDS(ctx, source)
	if err != nil {
		return nil, err
	}
	return load(st, src)
}

func load(st *store.Store, src *store.EventDataStore) (*Selectors, error) {
	var s Selectors
	err := atomicfile.ReadJSON(selectorsPath(st, src.ID()), &s)
	if errors.Is(err, os.ErrNotExist) || (err == nil && len(s.InsightSelectors) == 0) {
		return nil, fmt.Errorf("%w for %s", ErrNotEnabled, src.Name)
	}
	if err != nil {
		return nil, fmt.Errorf("insight selectors of %s: %w", src.Name, err)
	}
	return &s, nil
}

// Disable turns Insights off for a source store. What the job wrote stays in the destination;
// the job's state is kept, so enabling again continues where it stopped.
func Disable(ctx context.Context, st *store.Store, source string) (*Selectors, error) {
	src, err := st.GetEDS(ctx, source)
	if err != nil {
		return nil, err
	}
	if _, err := load(st, src); err != nil {
		return nil, err
	}
	if err := os.Remove(selectorsPath(st, src.ID())); err != nil {
		return nil, err
	}
	return &Selectors{EventDataStoreArn: src.EventDataStoreArn, InsightSelectors: []InsightSelector{}, Updated: st.Now().UTC()}, nil
}

// List returns the selectors of every store with Insights enabled.
func List(ctx context.Context, st *store.Store) ([]*Selectors, error) {
	all, err := st.ListEDS(ctx)
	if err != nil {
		return nil, err
	}
	var out []*Selectors
	for _, e := range all {
		s, err := load(st, e)
		if errors.Is(err, ErrNotEnabled) {
			continue
		}
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, nil
}

// selectsCategory reports whether some selector takes events of category cat.
func selectsCategory(sels []store.AdvancedEventSelector, cat string) bool {
	for _, s := range sels {
		for _, f := range s.FieldSelectors {
			if f.Field == "eventCategory" && slices.Contains(f.Equals, cat) {
				return true
			}
		}
	}
	return false
}

// onlyCategory reports whether every selector takes only events of category cat.
func onlyCategory(sels []store.AdvancedEventSelector, cat string) bool {
	if len(sels) == 0 {
		return false
	}
	for _, s := range sels {
		ok := false
		for _, f := range s.FieldSelectors {
			if f.Field == "eventCategory" && len(f.Equals) > 0 && !slices.ContainsFunc(f.Equals, func(v string) bool { return v != cat }) {
				ok = true
			}
		}
		if !ok {
			return false
		}
	}
	return true
}
