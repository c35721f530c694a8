package domain

import (
	"context"
	"errors"
	"testing"
	"time"
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
		_, err := m.MyAgency(ctx0, a)
		return err
	}},
	{"UpdateAgencyProfile", ActAgencyOwnProfile, func(m *Marketplace, a Actor) error {
		_, err := m.UpdateAgencyProfile(ctx0, a, AgencyPatch{})
		return err
	}},
	{"ExitAgency", ActAgencyOwnProfile, func(m *Marketplace, a Actor) error {
		_, err := m.ExitAgency(ctx0, a)
		return err
	}},
	{"RejoinAgency", ActAgencyOwnProfile, func(m *Marketplace, a Actor) error {
		_, err := m.RejoinAgency(ctx0, a)
		return err
	}},
	{"DeclareAffiliation", ActAffiliate, func(m *Marketplace, a Actor) error {
		_, err := m.DeclareAffiliation(ctx0, a, AffiliationInput{})
		return err
	}},
	{"RemoveAffiliation", ActAffiliate, func(m *Marketplace, a Actor) error {
		return m.RemoveAffiliation(ctx0, a, 0)
	}},
	{"AddQualification", ActQualify, func(m *Marketplace, a Actor) error {
		_, err := m.AddQualification(ctx0, a, QualificationInput{}, nil)
		return err
	}},
	{"DeleteQualification", ActQualify, func(m *Marketplace, a Actor) error {
		return m.DeleteQualification(ctx0, a, 0)
	}},
	{"FlagQualification", ActFlagQualification, func(m *Marketplace, a Actor) error {
		_, err := m.FlagQualification(ctx0, a, 0, "")
		return err
	}},
	{"PlaceAuctionBid", ActBid, func(m *Marketplace, a Actor) error {
		_, err := m.PlaceAuctionBid(ctx0, a, 0, 0)
		return err
	}},
	{"PlaceBid", ActBid, func(m *Marketplace, a Actor) error {
		_, err := m.PlaceBid(ctx0, a, 0, BidInput{})
		return err
	}},
	{"WithdrawBid", ActBid, func(m *Marketplace, a Actor) error {
		_, err := m.WithdrawBid(ctx0, a, 0)
		return err
	}},
	{"MyBid", ActBid, func(m *Marketplace, a Actor) error {
		_, err := m.MyBid(ctx0, a, 0)
		return err
	}},
	{"ConfirmBid", ActBid, func(m *Marketplace, a Actor) error {
		_, err := m.ConfirmBid(ctx0, a, 0)
		return err
	}},
	{"AddBidDocument", ActBidDocument, func(m *Marketplace, a Actor) error {
		_, err := m.AddBidDocument(ctx0, a, 0, BidDocumentUpload{}, nil)
		return err
	}},
	{"MyBidDocuments", ActBidDocument, func(m *Marketplace, a Actor) error {
		_, err := m.MyBidDocuments(ctx0, a, 0)
		return err
	}},
	{"RemoveBidDocument", ActBidDocument, func(m *Marketplace, a Actor) error {
		return m.RemoveBidDocument(ctx0, a, 0, 0, BidClient{})
	}},
	{"MyBidReceipt", ActBidDocument, func(m *Marketplace, a Actor) error {
		_, err := m.MyBidReceipt(ctx0, a, 0)
		return err
	}},
	{"JobsOverview", ActAdminister, func(m *Marketplace, a Actor) error {
		_, err := m.JobsOverview(ctx0, a, JobRunFilter{}, Page{})
		return err
	}},
	{"SetCalendarOverride", ActAdminister, func(m *Marketplace, a Actor) error {
		_, err := m.SetCalendarOverride(ctx0, a, CalendarOverrideInput{})
		return err
	}},
	{"CreateItem", ActAdminister, func(m *Marketplace, a Actor) error {
		_, err := m.CreateItem(ctx0, a, nil)
		return err
	}},
	{"UpdateItem", ActAdminister, func(m *Marketplace, a Actor) error {
		_, err := m.UpdateItem(ctx0, a, "", ItemPatch{})
		return err
	}},
	{"PublishCommitment", ActAdminister, func(m *Marketplace, a Actor) error {
		_, err := m.PublishCommitment(ctx0, a, "", "")
		return err
	}},
	{"AcceptCommitment", ActAcceptCommitment, func(m *Marketplace, a Actor) error {
		_, err := m.AcceptCommitment(ctx0, a, 0)
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
		_, err := m.ContractTemplates(ctx0, a)
		return err
	}},
	{"ContractTemplate", ActAdminister, func(m *Marketplace, a Actor) error {
		_, err := m.ContractTemplate(ctx0, a, "")
		return err
	}},
	{"SaveContractTemplate", ActAdminister, func(m *Marketplace, a Actor) error {
		_, err := m.SaveContractTemplate(ctx0, a, "", "", "")
		return err
	}},
	{"GetCreditMonitor", ActCreditMonitor, func(m *Marketplace, a Actor) error {
		_, err := m.GetCreditMonitor(ctx0, a, MonitorFilter{})
		return err
	}},
	{"ExportCreditRows", ActCreditMonitor, func(m *Marketplace, a Actor) error {
		_, err := m.ExportCreditRows(ctx0, a, MonitorFilter{})
		return err
	}},
	{"AppealCreditEvent", ActAppealCredit, func(m *Marketplace, a Actor) error {
		_, err := m.AppealCreditEvent(ctx0, a, 0, "")
		return err
	}},
	{"DecideAppeal", ActDecideAppeal, func(m *Marketplace, a Actor) error {
		_, err := m.DecideAppeal(ctx0, a, 0, false, "")
		return err
	}},
	{"ApplyCreditRepair", ActApplyRepair, func(m *Marketplace, a Actor) error {
		_, err := m.ApplyCreditRepair(ctx0, a, 0, "")
		return err
	}},
	{"DecideCreditRepair", ActDecideRepair, func(m *Marketplace, a Actor) error {
		_, err := m.DecideCreditRepair(ctx0, a, 0, false, "")
		return err
	}},
	{"ListCreditRepairs", ActDecideRepair, func(m *Marketplace, a Actor) error {
		_, err := m.ListCreditRepairs(ctx0, a, "", Page{})
		return err
	}},
	{"CreateInspection", ActInspect, func(m *Marketplace, a Actor) error {
		_, err := m.CreateInspection(ctx0, a, InspectionInput{})
		return err
	}},
	{"RecordInspectionResult", ActInspect, func(m *Marketplace, a Actor) error {
		_, err := m.RecordInspectionResult(ctx0, a, 0, 0, "", "")
		return err
	}},
	{"SignContract", ActSignContract, func(m *Marketplace, a Actor) error {
		_, err := m.SignContract(ctx0, a, 0)
		return err
	}},
	{"DeclineContract", ActDeclineContract, func(m *Marketplace, a Actor) error {
		_, err := m.DeclineContract(ctx0, a, 0, "")
		return err
	}},
	{"Evaluate", ActEvaluate, func(m *Marketplace, a Actor) error {
		_, err := m.Evaluate(ctx0, a, 0, EvaluationInput{})
		return err
	}},
	{"ReplyToEvaluation", ActReplyEvaluation, func(m *Marketplace, a Actor) error {
		_, err := m.ReplyToEvaluation(ctx0, a, 0, "")
		return err
	}},
	{"Deliver", ActDeliver, func(m *Marketplace, a Actor) error {
		_, err := m.Deliver(ctx0, a, 0, "", "", nil)
		return err
	}},
	{"DecideDelivery", ActAccept, func(m *Marketplace, a Actor) error {
		_, err := m.DecideDelivery(ctx0, a, 0, false, "")
		return err
	}},
	{"RecordPayment", ActPay, func(m *Marketplace, a Actor) error {
		_, err := m.RecordPayment(ctx0, a, 0, PaymentInput{})
		return err
	}},
	{"ExplainLowPrice", ActExplainLowPrice, func(m *Marketplace, a Actor) error {
		_, err := m.ExplainLowPrice(ctx0, a, 0, "")
		return err
	}},
	{"DecideLowPrice", ActDecideLowPrice, func(m *Marketplace, a Actor) error {
		_, err := m.DecideLowPrice(ctx0, a, 0, LowPriceDecision{})
		return err
	}},
	{"SetItemLowPriceRule", ActAdminister, func(m *Marketplace, a Actor) error {
		_, err := m.SetItemLowPriceRule(ctx0, a, "", nil)
		return err
	}},
	{"RaiseObjection", ActObject, func(m *Marketplace, a Actor) error {
		_, err := m.RaiseObjection(ctx0, a, 0, "")
		return err
	}},
	{"EscalateObjection", ActObject, func(m *Marketplace, a Actor) error {
		_, err := m.EscalateObjection(ctx0, a, 0)
		return err
	}},
	{"AnswerObjection", ActAnswerObjection, func(m *Marketplace, a Actor) error {
		_, err := m.AnswerObjection(ctx0, a, 0, "")
		return err
	}},
	{"DecideObjection", ActDecideObjection, func(m *Marketplace, a Actor) error {
		_, err := m.DecideObjection(ctx0, a, 0, false, "")
		return err
	}},
	{"LinkStaffIdentity", ActAdminister, func(m *Marketplace, a Actor) error {
		return m.LinkStaffIdentity(ctx0, a, 0, "", "")
	}},
	{"CreateProject", ActProjectOwn, func(m *Marketplace, a Actor) error {
		_, err := m.CreateProject(ctx0, a, ProjectInput{})
		return err
	}},
	{"PublishProject", ActProjectOwn, func(m *Marketplace, a Actor) error {
		_, err := m.PublishProject(ctx0, a, 0)
		return err
	}},
	{"CancelProject", ActProjectOwn, func(m *Marketplace, a Actor) error {
		_, err := m.CancelProject(ctx0, a, 0, "")
		return err
	}},
	{"RepostProject", ActProjectOwn, func(m *Marketplace, a Actor) error {
		_, err := m.RepostProject(ctx0, a, 0, time.Time{})
		return err
	}},
	{"ListRisks", ActSupervise, func(m *Marketplace, a Actor) error {
		_, err := m.ListRisks(ctx0, a, RiskFilter{})
		return err
	}},
	{"GetRisk", ActSupervise, func(m *Marketplace, a Actor) error {
		_, err := m.GetRisk(ctx0, a, 0)
		return err
	}},
	{"OpenRiskCase", ActSupervise, func(m *Marketplace, a Actor) error {
		_, err := m.OpenRiskCase(ctx0, a, 0, "")
		return err
	}},
	{"GetRiskCase", ActSupervise, func(m *Marketplace, a Actor) error {
		_, err := m.GetRiskCase(ctx0, a, 0)
		return err
	}},
	{"AddRiskCaseNote", ActSupervise, func(m *Marketplace, a Actor) error {
		_, err := m.AddRiskCaseNote(ctx0, a, 0, "")
		return err
	}},
	{"CloseRiskCaseUnfounded", ActSupervise, func(m *Marketplace, a Actor) error {
		_, err := m.CloseRiskCaseUnfounded(ctx0, a, 0, "")
		return err
	}},
	{"ConvertRiskCase", ActRecordViolation, func(m *Marketplace, a Actor) error {
		_, _, err := m.ConvertRiskCase(ctx0, a, 0, ConvertInput{})
		return err
	}},
	{"RecordViolation", ActRecordViolation, func(m *Marketplace, a Actor) error {
		_, err := m.RecordViolation(ctx0, a, ViolationInput{})
		return err
	}},
	{"ConfirmViolation", ActConfirmViolation, func(m *Marketplace, a Actor) error {
		_, err := m.ConfirmViolation(ctx0, a, 0)
		return err
	}},
	{"ListViolations", ActSupervise, func(m *Marketplace, a Actor) error {
		_, err := m.ListViolations(ctx0, a, ViolationFilter{})
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
