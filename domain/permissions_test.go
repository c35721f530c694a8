package domain

import (
	"context"
	"errors"
	"testing"
	"time"

	"marketplace/domain/agency"
	"marketplace/domain/calendar"
	"marketplace/domain/catalogue"
	"marketplace/domain/credit"
	"marketplace/domain/jobrun"
	"marketplace/domain/market"
	"marketplace/domain/supervision"
)

var ctx0 = context.Background()

// authorisedUseCases: every use case that acts for an actor, with the action
// it asks Authorize for. Called with zero arguments on a Marketplace with no
// store: a refusal must come before anything is read.
var authorisedUseCases = []struct {
	name string
	act  Action
	call func(m *Marketplace, a Actor) error
}{
	{"MyAgency", ActAgencyOwnProfile, func(m *Marketplace, a Actor) error {
		_, err := m.Agencies().MyAgency(ctx0, a)
		return err
	}},
	{"UpdateAgencyProfile", ActAgencyOwnProfile, func(m *Marketplace, a Actor) error {
		_, err := m.Agencies().UpdateProfile(ctx0, a, agency.Patch{})
		return err
	}},
	{"ExitAgency", ActAgencyOwnProfile, func(m *Marketplace, a Actor) error {
		_, err := m.Agencies().Exit(ctx0, a)
		return err
	}},
	{"RejoinAgency", ActAgencyOwnProfile, func(m *Marketplace, a Actor) error {
		_, err := m.Agencies().Rejoin(ctx0, a)
		return err
	}},
	{"DeclareAffiliation", ActAffiliate, func(m *Marketplace, a Actor) error {
		_, err := m.Agencies().DeclareAffiliation(ctx0, a, agency.AffiliationInput{})
		return err
	}},
	{"RemoveAffiliation", ActAffiliate, func(m *Marketplace, a Actor) error {
		return m.Agencies().RemoveAffiliation(ctx0, a, 0)
	}},
	{"AddQualification", ActQualify, func(m *Marketplace, a Actor) error {
		_, err := m.Agencies().AddQualification(ctx0, a, agency.QualificationInput{}, nil)
		return err
	}},
	{"DeleteQualification", ActQualify, func(m *Marketplace, a Actor) error {
		return m.Agencies().DeleteQualification(ctx0, a, 0)
	}},
	{"FlagQualification", ActFlagQualification, func(m *Marketplace, a Actor) error {
		_, err := m.Agencies().FlagQualification(ctx0, a, 0, "")
		return err
	}},
	{"PlaceAuctionBid", ActBid, func(m *Marketplace, a Actor) error {
		_, err := m.PlaceAuctionBid(ctx0, a, 0, 0)
		return err
	}},
	{"PlaceBid", ActBid, func(m *Marketplace, a Actor) error {
		_, err := m.Bidding().PlaceBid(ctx0, a, 0, market.BidInput{})
		return err
	}},
	{"WithdrawBid", ActBid, func(m *Marketplace, a Actor) error {
		_, err := m.WithdrawBid(ctx0, a, 0)
		return err
	}},
	{"MyBid", ActBid, func(m *Marketplace, a Actor) error {
		_, err := m.Bids().Mine(ctx0, a, 0)
		return err
	}},
	{"ConfirmBid", ActBid, func(m *Marketplace, a Actor) error {
		_, err := m.Bidding().ConfirmBid(ctx0, a, 0)
		return err
	}},
	{"AddBidDocument", ActBidDocument, func(m *Marketplace, a Actor) error {
		_, err := m.Bidding().AddBidDocument(ctx0, a, 0, market.BidDocumentUpload{}, nil)
		return err
	}},
	{"MyBidDocuments", ActBidDocument, func(m *Marketplace, a Actor) error {
		_, err := m.Bidding().MyBidDocuments(ctx0, a, 0)
		return err
	}},
	{"RemoveBidDocument", ActBidDocument, func(m *Marketplace, a Actor) error {
		return m.Bidding().RemoveBidDocument(ctx0, a, 0, 0, supervision.BidClient{})
	}},
	{"MyBidReceipt", ActBidDocument, func(m *Marketplace, a Actor) error {
		_, err := m.Bidding().MyBidReceipt(ctx0, a, 0)
		return err
	}},
	{"JobsOverview", ActAdminister, func(m *Marketplace, a Actor) error {
		_, err := m.Jobs().Overview(ctx0, a, jobrun.Filter{}, Page{})
		return err
	}},
	{"SetCalendarOverride", ActAdminister, func(m *Marketplace, a Actor) error {
		_, err := m.CalendarAdmin().SetOverride(ctx0, a, calendar.OverrideInput{})
		return err
	}},
	{"CreateItem", ActAdminister, func(m *Marketplace, a Actor) error {
		_, err := m.Catalogue().Create(ctx0, a, nil)
		return err
	}},
	{"UpdateItem", ActAdminister, func(m *Marketplace, a Actor) error {
		_, err := m.Catalogue().Update(ctx0, a, "", catalogue.Patch{})
		return err
	}},
	{"PublishCommitment", ActAdminister, func(m *Marketplace, a Actor) error {
		_, err := m.Commitments().Publish(ctx0, a, "", "")
		return err
	}},
	{"AcceptCommitment", ActAcceptCommitment, func(m *Marketplace, a Actor) error {
		_, err := m.Commitments().Accept(ctx0, a, 0)
		return err
	}},
	{"ListConfirmations", ActSupervise, func(m *Marketplace, a Actor) error {
		_, err := m.ListConfirmations(ctx0, a, ConfirmationFilter{})
		return err
	}},
	{"Confirm", ActConfirmViolation, func(m *Marketplace, a Actor) error {
		_, err := m.Confirm(ctx0, a, 0)
		return err
	}},
	{"ContractTemplates", ActAdminister, func(m *Marketplace, a Actor) error {
		_, err := m.Templates().List(ctx0, a)
		return err
	}},
	{"ContractTemplate", ActAdminister, func(m *Marketplace, a Actor) error {
		_, err := m.Templates().Get(ctx0, a, "")
		return err
	}},
	{"SaveContractTemplate", ActAdminister, func(m *Marketplace, a Actor) error {
		_, err := m.Templates().Save(ctx0, a, "", "", "")
		return err
	}},
	{"GetCreditMonitor", ActCreditMonitor, func(m *Marketplace, a Actor) error {
		_, err := m.Credit().Monitor(ctx0, a, credit.MonitorFilter{})
		return err
	}},
	{"ExportCreditRows", ActCreditMonitor, func(m *Marketplace, a Actor) error {
		_, err := m.Credit().ExportRows(ctx0, a, credit.MonitorFilter{})
		return err
	}},
	{"AppealCreditEvent", ActAppealCredit, func(m *Marketplace, a Actor) error {
		_, err := m.Credit().AppealEvent(ctx0, a, 0, "")
		return err
	}},
	{"DecideAppeal", ActDecideAppeal, func(m *Marketplace, a Actor) error {
		_, err := m.Credit().DecideAppeal(ctx0, a, 0, false, "")
		return err
	}},
	{"ApplyCreditRepair", ActApplyRepair, func(m *Marketplace, a Actor) error {
		_, err := m.Credit().ApplyRepair(ctx0, a, 0, "")
		return err
	}},
	{"DecideCreditRepair", ActDecideRepair, func(m *Marketplace, a Actor) error {
		_, err := m.Credit().DecideRepair(ctx0, a, 0, false, "")
		return err
	}},
	{"ListCreditRepairs", ActDecideRepair, func(m *Marketplace, a Actor) error {
		_, err := m.Credit().ListRepairs(ctx0, a, "", Page{})
		return err
	}},
	{"CreateInspection", ActInspect, func(m *Marketplace, a Actor) error {
		_, err := m.Credit().CreateInspection(ctx0, a, credit.InspectionInput{})
		return err
	}},
	{"RecordInspectionResult", ActInspect, func(m *Marketplace, a Actor) error {
		_, err := m.Credit().RecordInspectionResult(ctx0, a, 0, 0, "", "")
		return err
	}},
	{"SignContract", ActSignContract, func(m *Marketplace, a Actor) error {
		_, err := m.PostAward().SignContract(ctx0, a, 0)
		return err
	}},
	{"DeclineContract", ActDeclineContract, func(m *Marketplace, a Actor) error {
		_, err := m.DeclineContract(ctx0, a, 0, "")
		return err
	}},
	{"Evaluate", ActEvaluate, func(m *Marketplace, a Actor) error {
		_, err := m.PostAward().Evaluate(ctx0, a, 0, market.EvaluationInput{})
		return err
	}},
	{"ReplyToEvaluation", ActReplyEvaluation, func(m *Marketplace, a Actor) error {
		_, err := m.PostAward().ReplyToEvaluation(ctx0, a, 0, "")
		return err
	}},
	{"Deliver", ActDeliver, func(m *Marketplace, a Actor) error {
		_, err := m.PostAward().Deliver(ctx0, a, 0, "", "", nil)
		return err
	}},
	{"DecideDelivery", ActAccept, func(m *Marketplace, a Actor) error {
		_, err := m.PostAward().DecideDelivery(ctx0, a, 0, false, "")
		return err
	}},
	{"RecordPayment", ActPay, func(m *Marketplace, a Actor) error {
		_, err := m.PostAward().RecordPayment(ctx0, a, 0, market.PaymentInput{})
		return err
	}},
	{"ExplainLowPrice", ActExplainLowPrice, func(m *Marketplace, a Actor) error {
		_, err := m.PostAward().ExplainLowPrice(ctx0, a, 0, "")
		return err
	}},
	{"DecideLowPrice", ActDecideLowPrice, func(m *Marketplace, a Actor) error {
		_, err := m.PostAward().DecideLowPrice(ctx0, a, 0, market.LowPriceDecision{})
		return err
	}},
	{"SetItemLowPriceRule", ActAdminister, func(m *Marketplace, a Actor) error {
		_, err := m.SetItemLowPriceRule(ctx0, a, "", nil)
		return err
	}},
	{"RaiseObjection", ActObject, func(m *Marketplace, a Actor) error {
		_, err := m.PostAward().RaiseObjection(ctx0, a, 0, "")
		return err
	}},
	{"EscalateObjection", ActObject, func(m *Marketplace, a Actor) error {
		_, err := m.PostAward().EscalateObjection(ctx0, a, 0)
		return err
	}},
	{"AnswerObjection", ActAnswerObjection, func(m *Marketplace, a Actor) error {
		_, err := m.PostAward().AnswerObjection(ctx0, a, 0, "")
		return err
	}},
	{"DecideObjection", ActDecideObjection, func(m *Marketplace, a Actor) error {
		_, err := m.PostAward().DecideObjection(ctx0, a, 0, false, "")
		return err
	}},
	{"LinkStaffIdentity", ActAdminister, func(m *Marketplace, a Actor) error {
		return m.Accounts().LinkStaffIdentity(ctx0, a, 0, "", "")
	}},
	{"CreateProject", ActProjectOwn, func(m *Marketplace, a Actor) error {
		_, err := m.Projects().Create(ctx0, a, market.ProjectInput{})
		return err
	}},
	{"PublishProject", ActProjectOwn, func(m *Marketplace, a Actor) error {
		_, err := m.Projects().Publish(ctx0, a, 0)
		return err
	}},
	{"CancelProject", ActProjectOwn, func(m *Marketplace, a Actor) error {
		_, err := m.Projects().Cancel(ctx0, a, 0, "")
		return err
	}},
	{"RepostProject", ActProjectOwn, func(m *Marketplace, a Actor) error {
		_, err := m.Projects().Repost(ctx0, a, 0, time.Time{})
		return err
	}},
	{"ListRisks", ActSupervise, func(m *Marketplace, a Actor) error {
		_, err := m.Supervision().ListRisks(ctx0, a, supervision.RiskFilter{})
		return err
	}},
	{"GetRisk", ActSupervise, func(m *Marketplace, a Actor) error {
		_, err := m.Supervision().GetRisk(ctx0, a, 0)
		return err
	}},
	{"OpenRiskCase", ActSupervise, func(m *Marketplace, a Actor) error {
		_, err := m.Supervision().OpenRiskCase(ctx0, a, 0, "")
		return err
	}},
	{"GetRiskCase", ActSupervise, func(m *Marketplace, a Actor) error {
		_, err := m.Supervision().GetRiskCase(ctx0, a, 0)
		return err
	}},
	{"AddRiskCaseNote", ActSupervise, func(m *Marketplace, a Actor) error {
		_, err := m.Supervision().AddRiskCaseNote(ctx0, a, 0, "")
		return err
	}},
	{"CloseRiskCaseUnfounded", ActSupervise, func(m *Marketplace, a Actor) error {
		_, err := m.Supervision().CloseRiskCaseUnfounded(ctx0, a, 0, "")
		return err
	}},
	{"ConvertRiskCase", ActRecordViolation, func(m *Marketplace, a Actor) error {
		_, _, err := m.ConvertRiskCase(ctx0, a, 0, ConvertInput{})
		return err
	}},
	{"RecordViolation", ActRecordViolation, func(m *Marketplace, a Actor) error {
		_, err := m.Credit().RecordViolation(ctx0, a, credit.ViolationInput{})
		return err
	}},
	{"ConfirmViolation", ActConfirmViolation, func(m *Marketplace, a Actor) error {
		_, err := m.Credit().ConfirmViolation(ctx0, a, 0)
		return err
	}},
	{"ListViolations", ActSupervise, func(m *Marketplace, a Actor) error {
		_, err := m.Credit().ListViolations(ctx0, a, credit.ViolationFilter{})
		return err
	}},
}

// TestUseCasesRefuseRolesTheTableDoesNotList: the anonymous get
// ErrUnauthenticated and every role the permission table does not list for
// the use case's action gets ErrForbidden, before the store is touched.
func TestUseCasesRefuseRolesTheTableDoesNotList(t *testing.T) {
	roles := []string{RoleEnterprise, RoleAgency, RoleDepartment, RoleAdmin, RoleSystem}
	m := &Marketplace{}
	for _, uc := range authorisedUseCases {
		if err := uc.call(m, Actor{}); !errors.Is(err, ErrUnauthenticated) {
			t.Errorf("%s as the anonymous: %v, want ErrUnauthenticated", uc.name, err)
		}
		for _, r := range roles {
			if Can(Actor{ID: 1, Role: r}, uc.act) {
				continue
			}
			err := uc.call(m, Actor{ID: 1, Role: r})
			var de *Error
			if !errors.As(err, &de) || de.Code != EFORBIDDEN || !errors.Is(err, ErrForbidden) {
				t.Errorf("%s as %s: %v, want ErrForbidden", uc.name, r, err)
			}
		}
	}
}

func TestPermissions_EveryActionHasRoles(t *testing.T) {
	for act, roles := range Permissions {
		if len(roles) == 0 {
			t.Errorf("%s: no role may take it", act)
		}
	}
	if Can(Actor{ID: 1, Role: RoleAdmin}, Action("no.such.action")) {
		t.Error("an action missing from the table is allowed")
	}
	if err := Authorize(Actor{}, ActBid); !errors.Is(err, ErrUnauthenticated) {
		t.Errorf("anonymous: %v", err)
	}
	if err := Authorize(Actor{ID: 1, Role: RoleAgency}, ActBid); err != nil {
		t.Errorf("agency bids: %v", err)
	}
	if err := Authorize(Actor{ID: 1, Role: RoleEnterprise}, ActBid); !errors.Is(err, ErrForbidden) {
		t.Errorf("enterprise bids: %v", err)
	}
}
