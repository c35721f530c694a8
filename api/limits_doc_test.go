package api_test

import (
	"fmt"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"marketplace/api"
	"marketplace/domain"
	"marketplace/domain/agency"
	"marketplace/domain/calendar"
	"marketplace/domain/commitment"
	"marketplace/domain/contractdoc"
	"marketplace/domain/credit"
	"marketplace/domain/identity"
	"marketplace/domain/market"
	"marketplace/domain/opendata"
	"marketplace/domain/supervision"
)

// TestOpenAPI_LimitsMatchTheDomain: every length or count limit the OpenAPI
// document states is the domain's constant for that field, and the
// document states no limit the domain does not know of. The domain is the
// one source (domain/limits.go); the document only quotes it.
func TestOpenAPI_LimitsMatchTheDomain(t *testing.T) {
	t.Parallel()
	want := map[string]int{
		"POST /credit-events/{id}/appeal reason":                    credit.MaxAppealReasonRunes,
		"POST /appeals/{id}/decision reason":                        credit.MaxAppealReasonRunes,
		"POST /supervision/risks/{id}/cases note":                   supervision.MaxRiskCaseNoteRunes,
		"POST /supervision/cases/{id}/notes body":                   supervision.MaxRiskCaseNoteRunes,
		"POST /supervision/cases/{id}/close reason":                 supervision.MaxCaseCloseReasonRunes,
		"POST /supervision/cases/{id}/convert reason":               credit.MaxViolationReasonRunes,
		"parameter idempotency_key":                                 domain.MaxIdempotencyKeyLen,
		"schema AvoidEntryInput reason":                             market.AvoidReasonMaxRunes,
		"schema ProjectInput avoid":                                 market.AvoidMaxEntries,
		"schema ProjectContactInput name":                           market.MaxProjectContactNameRunes,
		"schema AgencyPatch description":                            agency.MaxDescriptionRunes,
		"schema AgencyPatch office_address":                         agency.MaxAddressRunes,
		"schema AgencyPatch region":                                 agency.MaxRegionRunes,
		"schema AgencyPatch contact_name":                           agency.MaxContactNameRunes,
		"schema WebhookInput event_types":                           opendata.MaxWebhookEventTypes,
		"schema ContractTemplateRequest deliverables":               contractdoc.MaxDeliverables,
		"schema ContractTemplateRequest terms":                      contractdoc.MaxTerms,
		"schema CalendarOverrideInput reason":                       calendar.MaxOverrideReasonRunes,
		"POST /projects/{id}/questions question":                    market.MaxQuestionRunes,
		"POST /questions/{id}/answer answer":                        market.MaxAnswerRunes,
		"POST /credit-events/{id}/repair evidence":                  credit.MaxRepairEvidenceRunes,
		"POST /repairs/{id}/decision reason":                        credit.MaxAppealReasonRunes,
		"schema CommitmentInput text":                               commitment.TextMax,
		"POST /projects/{id}/low-price-explanation explanation":     market.LowPriceTextMax,
		"POST /projects/{id}/low-price-explanation/decision reason": market.LowPriceTextMax,
		"POST /admin/accounts/{id}/oidc-link subject":               identity.MaxOIDCSubjectBytes,
	}
	doc, err := openapi3.NewLoader().LoadFromData(api.OpenAPIDocument)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]int{}
	note := func(where string, s *openapi3.Schema) {
		if s == nil {
			return
		}
		if s.MaxLength != nil {
			got[where] = int(*s.MaxLength)
		}
		if s.MaxItems != nil {
			got[where] = int(*s.MaxItems)
		}
	}
	var props func(where string, s *openapi3.Schema)
	props = func(where string, s *openapi3.Schema) {
		if s == nil {
			return
		}
		for name, p := range s.Properties {
			note(where+" "+name, p.Value)
		}
		for _, alt := range s.OneOf {
			if alt.Ref == "" {
				props(where, alt.Value)
			}
		}
	}
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			if op.RequestBody == nil || op.RequestBody.Value == nil {
				continue
			}
			for _, mt := range op.RequestBody.Value.Content {
				if mt.Schema != nil && mt.Schema.Ref == "" {
					props(fmt.Sprintf("%s %s", method, path), mt.Schema.Value)
				}
			}
		}
	}
	for name, s := range doc.Components.Schemas {
		props("schema "+name, s.Value)
	}
	for name, p := range doc.Components.Parameters {
		if p.Value != nil && p.Value.Schema != nil {
			note("parameter "+name, p.Value.Schema.Value)
		}
	}
	for where, n := range got {
		if w, ok := want[where]; !ok {
			t.Errorf("%s: the document states a limit of %d that no domain constant backs; add one to domain/limits.go and to this table", where, n)
		} else if n != w {
			t.Errorf("%s: the document says %d, the domain %d", where, n, w)
		}
	}
	for where := range want {
		if _, ok := got[where]; !ok {
			t.Errorf("%s: expected a limit in the document", where)
		}
	}
}
