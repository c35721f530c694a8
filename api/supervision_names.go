package api

import (
	"context"

	"marketplace/domain/supervision"
)

// nameRiskFlags adds the names of what each flag refers to beside the ids
// in its summary_text params: project_title, owner_name and agency_names
// (in the order of agency_ids). The English summary stays as the stable
// message; a client shows the names, never "project 6". The names are read
// in one statement for the whole page. A flag stored before summaries had
// message ids (none since migration 00300) keeps its English only.
func (s *Server) nameRiskFlags(ctx context.Context, flags []*supervision.RiskFlag) error {
	names, err := s.Market.RiskListNames(ctx, flags)
	if err != nil {
		return err
	}
	for _, f := range flags {
		if f.SummaryText == nil {
			continue
		}
		t := *f.SummaryText
		params := make(map[string]any, len(t.Params)+3)
		for k, v := range t.Params {
			params[k] = v
		}
		if f.ProjectID != nil {
			params["project_title"] = names.Project(*f.ProjectID)
		}
		if f.OwnerID != nil {
			params["owner_name"] = names.Account(*f.OwnerID)
		}
		agencies := make([]string, len(f.AgencyIDs))
		for i, id := range f.AgencyIDs {
			agencies[i] = names.Account(id)
		}
		params["agency_names"] = agencies
		t.Params = params
		f.SummaryText = &t
	}
	return nil
}
