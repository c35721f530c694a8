package api

import (
	"bytes"
	"encoding/json"

	"marketplace/domain/market"
)

// avoidEntry is one avoid-list entry as a client sends it:
// {"agency_id", "reason_code", "reason"}. reason_code is optional so that
// clients written before the fixed set keep working (their free text is
// read as "other"). A bare agency id is read too, as an entry with no
// reason, so that such a client learns avoid_reason_required for that
// agency instead of a type error.
type avoidEntry struct {
	AgencyID   int64  `json:"agency_id"`
	ReasonCode string `json:"reason_code"`
	Reason     string `json:"reason"`
	// AgencyName is what GET returns; a client sending a project back
	// unchanged may include it, and it is ignored.
	AgencyName string `json:"agency_name"`
}

// UnmarshalJSON accepts an object (unknown fields refused, as everywhere)
// or a bare agency id.
func (a *avoidEntry) UnmarshalJSON(b []byte) error {
	var id int64
	if json.Unmarshal(b, &id) == nil {
		*a = avoidEntry{AgencyID: id}
		return nil
	}
	type plain avoidEntry
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	var p plain
	if err := dec.Decode(&p); err != nil {
		return err
	}
	*a = avoidEntry(p)
	return nil
}

func avoidInput(in []avoidEntry) []market.Avoid {
	out := make([]market.Avoid, len(in))
	for i, a := range in {
		out[i] = market.Avoid{AgencyID: a.AgencyID, ReasonCode: a.ReasonCode, Reason: a.Reason}
	}
	return out
}
