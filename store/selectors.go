package store

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"
)

// This file owns advanced event selectors: their JSON form (the AWS CLI shape), the rules
// CloudTrail Lake applies to them for an event data store, and the matcher ingest runs on
// every event to decide whether a store keeps it.

// AdvancedEventSelector is one advanced event selector (CloudTrail's JSON shape).
type AdvancedEventSelector struct {
	Name           string          `json:"Name,omitempty"`
	FieldSelectors []FieldSelector `json:"FieldSelectors"`
}

// FieldSelector is one field condition of an advanced event selector.
type FieldSelector struct {
	Field         string   `json:"Field"`
	Equals        []string `json:"Equals,omitempty"`
	StartsWith    []string `json:"StartsWith,omitempty"`
	EndsWith      []string `json:"EndsWith,omitempty"`
	NotEquals     []string `json:"NotEquals,omitempty"`
	NotStartsWith []string `json:"NotStartsWith,omitempty"`
	NotEndsWith   []string `json:"NotEndsWith,omitempty"`
}

// Limits from the CloudTrail API model (AdvancedEventSelector, AdvancedFieldSelector,
// CreateEventDataStore) and the user guide.
const (
	maxSelectors       = 5    // "up to five advanced event selectors for each event data store"
	maxSelectorValues  = 500  // condition values in all, across all selectors
	maxSelectorNameLen = 1000 // SelectorName: 0..1000
	maxSelectorValLen  = 2048 // OperatorValue: 1..2048
)

// Event categories, the values of the eventCategory field.
const (
	catManagement        = "Management"
	catData              = "Data"
	catNetworkActivity   = "NetworkActivity"
	catInsight           = "Insight"
	catConfigurationItem = "ConfigurationItem"
	catActivityAuditLog  = "ActivityAuditLog"
	catEvidence          = "Evidence" // Audit Manager evidence (named in the API model)
)

// DefaultSelectors returns what CreateEventDataStore uses when no selectors are given: all
// management events. Each call returns a new slice the caller may keep or change.
func DefaultSelectors() []AdvancedEventSelector {
	return []AdvancedEventSelector{{
		Name:           "Default management events",
		FieldSelectors: []FieldSelector{{Field: "eventCategory", Equals: []string{catManagement}}},
	}}
}

// ParseSelectors parses the JSON a user passes, a JSON array of selectors in exactly the AWS CLI
// shape, and validates it. Keys are matched exactly (the CLI rejects "field" for "Field"), unknown
// keys are an error, and a JSON null stands for an absent member. Errors wrap ErrInvalidSelectors.
func ParseSelectors(data []byte) ([]AdvancedEventSelector, error) {
	var raws []json.RawMessage
	if err := json.Unmarshal(data, &raws); err != nil {
		return nil, selErr("selectors must be a JSON array of selectors: %v", err)
	}
	var sels []AdvancedEventSelector
	if raws != nil {
		sels = make([]AdvancedEventSelector, len(raws))
	}
	for i, raw := range raws {
		if err := selParseSelector(raw, &sels[i]); err != nil {
			return nil, selErr("selector %d: %v", i, err)
		}
	}
	if err := ValidateSelectors(sels); err != nil {
		return nil, err
	}
	return sels, nil
}

func selParseSelector(raw json.RawMessage, s *AdvancedEventSelector) error {
	obj, err := selParseObject(raw, "Name", "FieldSelectors")
	if err != nil {
		return err
	}
	if v, ok := obj["Name"]; ok {
		if err := json.Unmarshal(v, &s.Name); err != nil {
			return fmt.Errorf("key Name: %v", err)
		}
	}
	var fraws []json.RawMessage
	if v, ok := obj["FieldSelectors"]; ok {
		if err := json.Unmarshal(v, &fraws); err != nil {
			return fmt.Errorf("key FieldSelectors: %v", err)
		}
	}
	if fraws != nil {
		s.FieldSelectors = make([]FieldSelector, len(fraws))
	}
	for j, fraw := range fraws {
		fobj, err := selParseObject(fraw, "Field", "Equals", "StartsWith", "EndsWith", "NotEquals", "NotStartsWith", "NotEndsWith")
		if err != nil {
			return fmt.Errorf("field selector %d: %v", j, err)
		}
		f := &s.FieldSelectors[j]
		if v, ok := fobj["Field"]; ok {
			if err := json.Unmarshal(v, &f.Field); err != nil {
				return fmt.Errorf("field selector %d: key Field: %v", j, err)
			}
		}
		for op := selEquals; op < selNumOps; op++ {
			v, ok := fobj[op.String()]
			if !ok {
				continue
			}
			if err := json.Unmarshal(v, f.values(op)); err != nil {
				return fmt.Errorf("field selector %d: key %s: %v", j, op, err)
			}
		}
	}
	return nil
}

// selParseObject decodes a JSON object (or null) whose keys must be among keys, compared exactly.
func selParseObject(raw json.RawMessage, keys ...string) (map[string]json.RawMessage, error) {
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(raw, &obj); err != nil {
		return nil, err
	}
next:
	for _, k := range slices.Sorted(maps.Keys(obj)) { // sorted: the same input, the same error
		for _, want := range keys {
			if k == want {
				continue next
			}
		}
		return nil, fmt.Errorf("unknown key %q, must be one of: %s", k, strings.Join(keys, ", "))
	}
	return obj, nil
}
