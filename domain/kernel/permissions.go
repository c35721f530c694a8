package kernel

// Authorisation is decided here, once: every use case that acts for an
// actor asks Authorize for its action before it reads or writes anything,
// and the handlers of api/ and web/ do not check roles themselves (the
// architecture test TestHandlersDoNotCheckRoles keeps it so). A page that
// must know beforehand whether to offer a form asks Can.

// Action names what a use case does for an actor; Permissions says which
// roles may do it.
type Action string

// The actions whose roles are fixed (a further rule — the project's owner,
// the agency that bid — is checked by the use case after the role).
const (
	// Agencies: their profile, qualifications, affiliations, exit.
	ActAgencyOwnProfile  Action = "agency.own_profile" // MyAgency, UpdateAgencyProfile, ExitAgency, RejoinAgency
	ActAffiliate         Action = "agency.affiliate"   // DeclareAffiliation, RemoveAffiliation
	ActQualify           Action = "agency.qualify"     // AddQualification, DeleteQualification
	ActFlagQualification Action = "qualification.flag"

	// Bids.
	ActBid         Action = "bid.place"    // PlaceBid, WithdrawBid, MyBid, ConfirmBid, PlaceAuctionBid
	ActBidDocument Action = "bid.document" // AddBidDocument, RemoveBidDocument, MyBidDocuments, MyBidReceipt

	// Projects.
	ActProjectOwn Action = "project.own" // CreateProject, PublishProject, CancelProject, RepostProject

	// The lifecycle after the award.
	ActSignContract    Action = "contract.sign"
	ActDeclineContract Action = "contract.decline"
	ActDeliver         Action = "delivery.deliver"
	ActAccept          Action = "delivery.accept" // DecideDelivery
	ActPay             Action = "payment.record"
	ActEvaluate        Action = "evaluation.give"
	ActReplyEvaluation Action = "evaluation.reply"
	ActExplainLowPrice Action = "low_price.explain"
	ActDecideLowPrice  Action = "low_price.decide"
	ActObject          Action = "objection.raise" // RaiseObjection, EscalateObjection
	ActAnswerObjection Action = "objection.answer"
	ActDecideObjection Action = "objection.decide"

	// Credit.
	ActAppealCredit     Action = "credit.appeal"
	ActDecideAppeal     Action = "credit.decide_appeal"
	ActApplyRepair      Action = "credit.apply_repair"
	ActDecideRepair     Action = "credit.decide_repair" // DecideCreditRepair, ListCreditRepairs
	ActCreditMonitor    Action = "credit.monitor"       // GetCreditMonitor, ExportCreditRows
	ActAcceptCommitment Action = "commitment.accept"    // AcceptCommitment, PendingRegistrationCommitment

	// Supervision.
	ActSupervise        Action = "supervision.read"  // ListRisks, GetRisk, risk cases, ListViolations, confirmations
	ActConfirmViolation Action = "violation.confirm" // ConfirmViolation, Confirm
	ActRecordViolation  Action = "violation.record"  // RecordViolation, ConvertRiskCase
	ActInspect          Action = "inspection.record" // CreateInspection, RecordInspectionResult

	// Administration.
	ActAdminister Action = "platform.administer"
	// The portal's pages for every signed-in account.
	ActWorkspace  Action = "workspace.read"
	ActSaveSearch Action = "search.save" // catalogue, calendar, contract templates, commitments, low-price rules, jobs, staff identities, reindex
)

// Permissions is the one table of who may do what.
var Permissions = map[Action][]string{
	ActAgencyOwnProfile:  {RoleAgency},
	ActAffiliate:         {RoleAgency},
	ActQualify:           {RoleAgency},
	ActFlagQualification: {RoleDepartment, RoleAdmin},

	ActBid:         {RoleAgency},
	ActBidDocument: {RoleAgency},

	ActProjectOwn: {RoleEnterprise, RoleDepartment},

	ActSignContract:    {RoleEnterprise, RoleDepartment, RoleAgency},
	ActDeclineContract: {RoleAgency},
	ActDeliver:         {RoleAgency},
	ActAccept:          {RoleEnterprise, RoleDepartment},
	ActPay:             {RoleDepartment},
	ActEvaluate:        {RoleEnterprise, RoleDepartment},
	ActReplyEvaluation: {RoleAgency},
	ActExplainLowPrice: {RoleAgency},
	ActDecideLowPrice:  {RoleEnterprise, RoleDepartment},
	ActObject:          {RoleAgency},
	ActAnswerObjection: {RoleEnterprise, RoleDepartment},
	ActDecideObjection: {RoleAdmin},

	ActAppealCredit:     {RoleAgency},
	ActDecideAppeal:     {RoleAdmin},
	ActApplyRepair:      {RoleAgency},
	ActDecideRepair:     {RoleDepartment, RoleAdmin},
	ActCreditMonitor:    {RoleDepartment, RoleAdmin},
	ActAcceptCommitment: {RoleEnterprise, RoleAgency},

	ActSupervise:        {RoleDepartment, RoleAdmin},
	ActConfirmViolation: {RoleDepartment, RoleAdmin},
	ActRecordViolation:  {RoleDepartment},
	ActInspect:          {RoleDepartment},

	ActAdminister: {RoleAdmin},
	ActWorkspace:  {RoleEnterprise, RoleDepartment, RoleAgency, RoleAdmin},
	ActSaveSearch: {RoleEnterprise, RoleDepartment, RoleAgency, RoleAdmin},
}

// Can reports whether the actor's role may take the action. An action
// missing from the table is allowed to no one.
func Can(a Actor, act Action) bool {
	for _, r := range Permissions[act] {
		if a.Role == r {
			return true
		}
	}
	return false
}

// Authorize answers ErrUnauthenticated to the anonymous and ErrForbidden to
// a role the table does not list for the action.
func Authorize(a Actor, act Action) error {
	if a.IsAnonymous() {
		return ErrUnauthenticated
	}
	if !Can(a, act) {
		return ErrForbidden
	}
	return nil
}
