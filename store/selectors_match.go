package store

import (
	"strings"
)

// Selectors is a compiled selector set: the form ingest keeps per event data store and runs on
// every event. It is immutable after CompileSelectors and safe for concurrent use.
//
// Matching semantics (the same for Match):
//   - an event is kept when it matches any selector; no selectors keep nothing;
//   - a selector matches when all its conditions hold; every operator of a field selector is
//     one condition, so {"Field":"eventName","StartsWith":["Get"],"NotEquals":["GetObject"]}
//     needs both; a selector without conditions matches nothing;
//   - Equals, StartsWith, EndsWith hold when the field equals, starts or ends with any value;
//     NotEquals, NotStartsWith, NotEndsWith hold when it matches none of the values;
//   - comparisons are exact and case-sensitive; "*" is an ordinary character;
//   - an absent field (an empty string in Event, an invalid ReadOnly, a nil UserIdentity) fails
//     every Equals/StartsWith/EndsWith and passes every Not operator: `sessionCredentialFromConsole
//     NotEquals true` keeps events without the field, and `readOnly Equals true` and
//     `readOnly Equals false` both drop an event without readOnly;
//   - resources.type and resources.ARN look at every element of Resources, one condition at a
//     time: Equals/StartsWith/EndsWith hold when ANY resource matches a value; the Not operators
//     hold when the event HAS resources and NONE matches a value. An event without resources
//     therefore fails every resources condition, as it fails the required resources.type of a
//     data event selector.
//   - eventCategory is compared with Event.EventCategory as it is; ingest fills it in.
type Selectors struct {
	sels []selCompiled
}

type selCompiled struct {
	conds []selCond
}

// selCond is one operator of one field selector.
type selCond struct {
	field  selField
	op     selOp
	values []string
}

// CompileSelectors prepares sels for matching. It expects selectors that pass ValidateSelectors;
// a condition on a field it does not know never holds. It copies what it keeps, so the caller may
// change sels afterwards.
func CompileSelectors(sels []AdvancedEventSelector) *Selectors {
	out := &Selectors{sels: make([]selCompiled, 0, len(sels))}
	for i := range sels {
		var cs selCompiled
		// eventCategory first: it is the cheapest test and drops most events.
		for pass := 0; pass < 2; pass++ {
			for j := range sels[i].FieldSelectors {
				f := &sels[i].FieldSelectors[j]
				id := selFieldOf(f.Field)
				if (id == selFEventCategory) != (pass == 0) {
					continue
				}
				for op := selEquals; op < selNumOps; op++ {
					if vals := *f.values(op); len(vals) > 0 {
						cs.conds = append(cs.conds, selCond{field: id, op: op, values: append([]string(nil), vals...)})
					}
				}
			}
		}
		out.sels = append(out.sels, cs)
	}
	return out
}

// Match reports whether the store keeps e. It does not allocate.
func (s *Selectors) Match(e *Event) bool {
	if s == nil || e == nil {
		return false
	}
	for i := range s.sels {
		conds := s.sels[i].conds
		if len(conds) == 0 {
			continue
		}
		ok := true
		for k := range conds {
			if !selCondHolds(conds[k].field, conds[k].op, conds[k].values, e) {
				ok = false
				break
			}
		}
		if ok {
			return true
		}
	}
	return false
}

// Match reports whether an event is kept by sels: it matches any selector; within a selector all
// field conditions hold; within one operator any value matches (Not operators: none matches). See
// Selectors for the details. It does not allocate; CompileSelectors saves the field lookups.
func Match(sels []AdvancedEventSelector, e *Event) bool {
	if e == nil {
		return false
	}
	for i := range sels {
		if selMatches(&sels[i], e) {
			return true
		}
	}
	return false
}

func selMatches(s *AdvancedEventSelector, e *Event) bool {
	n := 0
	for j := range s.FieldSelectors {
		f := &s.FieldSelectors[j]
		id := selFieldOf(f.Field)
		for op := selEquals; op < selNumOps; op++ {
			vals := *f.values(op)
			if len(vals) == 0 {
				continue
			}
			if !selCondHolds(id, op, vals, e) {
				return false
			}
			n++
		}
	}
	return n > 0
}

// selCondHolds evaluates one operator of one field on e.
func selCondHolds(id selField, op selOp, values []string, e *Event) bool {
	switch id {
	case selFUnknown:
		return false
	case selFResourcesType, selFResourcesARN:
		if len(e.Resources) == 0 {
			return false
		}
		neg := op >= selNotEquals
		for k := range e.Resources {
			v := e.Resources[k].ARN
			if id == selFResourcesType {
				v = e.Resources[k].Type
			}
			if selAnyValueMatches(op, values, v) {
				return !neg // positive: one resource is enough; Not: one resource spoils it
			}
		}
		return neg
	}
	hit := selAnyValueMatches(op, values, selScalarField(id, e))
	if op >= selNotEquals {
		return !hit
	}
	return hit
}

// selAnyValueMatches reports whether v equals, starts with or ends with one of values, by the base
// form of op (NotEquals compares like Equals). An empty v is an absent field and matches nothing.
func selAnyValueMatches(op selOp, values []string, v string) bool {
	if v == "" {
		return false
	}
	switch op {
	case selEquals, selNotEquals:
		for _, x := range values {
			if v == x {
				return true
			}
		}
	case selStartsWith, selNotStartsWith:
		for _, x := range values {
			if strings.HasPrefix(v, x) {
				return true
			}
		}
	case selEndsWith, selNotEndsWith:
		for _, x := range values {
			if strings.HasSuffix(v, x) {
				return true
			}
		}
	}
	return false
}

// selScalarField returns the value of a single-valued field of e, "" when absent.
func selScalarField(id selField, e *Event) string {
	switch id {
	case selFEventCategory:
		return e.EventCategory
	case selFEventSource:
		return e.EventSource
	case selFEventName:
		return e.EventName
	case selFEventType:
		return e.EventType
	case selFReadOnly:
		if !e.ReadOnly.Valid {
			return ""
		}
		if e.ReadOnly.Value {
			return "true"
		}
		return "false"
	case selFSessionCredentialFromConsole:
		return e.SessionCredentialFromConsole
	case selFUserIdentityARN:
		if e.UserIdentity == nil {
			return ""
		}
		return e.UserIdentity.ARN
	case selFErrorCode:
		return e.ErrorCode
	case selFVpcEndpointID:
		return e.VpcEndpointID
	}
	return ""
}
