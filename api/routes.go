package api

import (
	"github.com/labstack/echo/v4"

	"marketplace/domain/files"
	"marketplace/domain/market"
)

// routes registers every endpoint of the JSON API under /api/v1, in one
// table: the contents of the product's API, read top to bottom. The same
// paths, with their bodies and answers, are in openapi.yaml.
func (s *Server) routes(g *echo.Group) {
	// Accounts and sessions.
	g.POST("/auth/register", s.handleRegister)
	g.POST("/auth/login", s.handleLogin)
	g.POST("/auth/logout", s.handleLogout)
	g.GET("/auth/me", s.handleMe)

	// The catalogue of service items.
	g.GET("/catalogue/items", s.handleItemList)
	g.GET("/catalogue/items/:code", s.handleItemGet)
	g.POST("/catalogue/items", s.handleItemCreate)
	g.PATCH("/catalogue/items/:code", s.handleItemUpdate)

	// The audit chain.
	g.GET("/audit/verify", s.handleAuditVerify)
	g.GET("/audit/public-key", s.handleAuditPublicKey)
	g.GET("/audit/checkpoints", s.handleAuditCheckpoints)
	g.GET("/audit/chain/:seq", s.handleAuditLink)

	// Administration.
	g.GET("/admin/jobs", s.handleJobRunList)

	// Agencies: profiles, qualifications, affiliations, exit.
	g.GET("/agencies", s.handleAgencyList)
	g.GET("/agencies/me", s.handleAgencyMe)
	g.PATCH("/agencies/me", s.handleAgencyUpdate)
	g.POST("/agencies/me/exit", s.handleAgencyExit)
	g.POST("/agencies/me/rejoin", s.handleAgencyRejoin)
	s.uploadRoute(g.POST("/agencies/me/qualifications", s.handleQualificationCreate))
	g.DELETE("/agencies/me/qualifications/:id", s.handleQualificationDelete)
	g.POST("/agencies/me/affiliations", s.handleAffiliationCreate)
	g.DELETE("/agencies/me/affiliations/:id", s.handleAffiliationDelete)
	g.GET("/agencies/:id", s.handleAgencyGet)
	g.GET("/qualifications/:id/document", s.handleQualificationDocument)
	g.POST("/qualifications/:id/flags", s.handleQualificationFlag)
	g.GET("/departments", s.handleDepartmentList)

	// Projects and bids.
	g.POST("/projects", s.handleProjectCreate)
	g.GET("/projects", s.handleProjectList)
	g.GET("/projects/:id", s.handleProjectGet)
	g.POST("/projects/:id/publish", s.handleProjectPublish)
	g.POST("/projects/:id/cancel", s.handleProjectCancel)
	g.POST("/projects/:id/repost", s.handleProjectRepost)
	g.GET("/projects/:id/bids", s.handleBidList)
	g.GET("/projects/:id/bids/mine", s.handleBidMine)
	g.PUT("/projects/:id/bids/mine", s.handleBidPut)
	g.DELETE("/projects/:id/bids/mine", s.handleBidWithdraw)
	g.GET("/projects/:id/auction", s.handleAuctionGet)
	g.POST("/projects/:id/auction/bids", s.handleAuctionBid)
	g.GET("/projects/:id/auction/stream", s.handleAuctionStream)

	// Credit, violations, confirmations and inspections.
	g.GET("/credit/rules", s.handleCreditRules)
	g.GET("/agencies/:id/credit", s.handleAgencyCredit)
	g.GET("/credit/monitor", s.handleCreditMonitor)
	g.GET("/credit/blacklist", s.handleSanctionList("blacklisted"))
	g.GET("/credit/suspensions", s.handleSanctionList("suspended"))
	g.POST("/credit-events/:id/appeal", s.handleCreditAppeal)
	g.POST("/appeals/:id/decision", s.handleAppealDecision)
	g.GET("/violations", s.handleViolationList)
	g.POST("/violations", s.handleViolationCreate)
	g.POST("/violations/:id/confirm", s.handleViolationConfirm)
	g.GET("/confirmations", s.handleConfirmationList)
	g.POST("/confirmations/:id/confirm", s.handleConfirmationConfirm)
	g.GET("/inspections", s.handleInspectionList)
	g.POST("/inspections", s.handleInspectionCreate)
	g.GET("/inspections/:id", s.handleInspectionGet)
	g.POST("/inspections/:id/results", s.handleInspectionResult)

	// Search.
	g.GET("/search", s.handleSearch)

	// After the close: selection, objections, contract, delivery, payment, evaluation.
	g.POST("/projects/:id/selection", s.handleSelectionCreate)
	g.GET("/projects/:id/lifecycle", s.handleLifecycleGet)
	g.GET("/projects/:id/objections", s.handleObjectionList)
	g.POST("/projects/:id/objections", s.handleObjectionCreate)
	g.GET("/objections/:id", s.handleObjectionGet)
	g.POST("/objections/:id/answer", s.handleObjectionAnswer)
	g.POST("/objections/:id/escalate", s.handleObjectionEscalate)
	g.POST("/objections/:id/decision", s.handleObjectionDecide)
	g.GET("/projects/:id/contract", s.handleContractGet)
	g.POST("/projects/:id/contract/sign", s.handleContractSign)
	g.POST("/projects/:id/contract/decline", s.handleContractDecline)
	g.GET("/projects/:id/deliveries", s.handleDeliveryList)
	s.uploadRoute(g.POST("/projects/:id/delivery", s.handleDeliveryCreate))
	g.POST("/projects/:id/acceptance", s.handleAcceptance)
	g.GET("/projects/:id/payments", s.handlePaymentList)
	g.POST("/projects/:id/payment", s.handlePaymentCreate)
	g.POST("/projects/:id/evaluation", s.handleEvaluationCreate)
	g.POST("/projects/:id/evaluation/reply", s.handleEvaluationReply)
	g.GET("/agencies/:id/evaluations", s.handleAgencyEvaluations)

	// Supervision: risk indicators and cases.
	g.GET("/supervision/risks", s.handleRiskList)
	g.GET("/supervision/risks/:id", s.handleRiskGet)
	g.POST("/supervision/risks/:id/cases", s.handleRiskCaseOpen)
	g.GET("/supervision/cases/:id", s.handleRiskCaseGet)
	g.POST("/supervision/cases/:id/notes", s.handleRiskCaseNote)
	g.POST("/supervision/cases/:id/close", s.handleRiskCaseClose)
	g.POST("/supervision/cases/:id/convert", s.handleRiskCaseConvert)

	// The platform's own notices (通知公告).
	g.GET("/notices", s.handleNoticeList)
	g.POST("/notices", s.handleNoticeCreate)
	g.GET("/notices/:id", s.handleNoticeGet)

	// Open data, notifications, webhooks, statistics.
	g.GET("/ocds/releases", s.handleOCDSReleases)
	g.GET("/ocds/records/:ocid", s.handleOCDSRecord)
	g.GET("/notifications", s.handleNotificationList)
	g.POST("/notifications/read-all", s.handleNotificationReadAll)
	g.POST("/notifications/:id/read", s.handleNotificationRead)
	g.GET("/webhooks", s.handleWebhookList)
	g.POST("/webhooks", s.handleWebhookCreate)
	g.GET("/webhooks/event-types", s.handleWebhookEventTypes)
	g.GET("/webhooks/dead-letters", s.handleDeadLetters)
	g.DELETE("/webhooks/:id", s.handleWebhookDelete)
	g.GET("/webhooks/:id/deliveries", s.handleWebhookDeliveries)
	g.GET("/stats", s.handleStats)

	// The electronic contract (电子合同): the signed PDF for the parties, its
	// public summary and signature, and the templates administrators edit.
	g.GET("/projects/:id/contract/document", s.handleContractDocument)
	g.GET("/projects/:id/contract/signature", s.handleContractSignature)
	g.GET("/contract-templates", s.handleContractTemplateList)
	g.GET("/contract-templates/:key", s.handleContractTemplateGet)
	g.PUT("/contract-templates/:key", s.handleContractTemplatePut)

	// Single sign-on through the government identity platform (OIDC).
	g.GET("/auth/oidc", s.handleOIDCStatus)
	g.POST("/admin/accounts/:id/oidc-link", s.handleOIDCStaffLink)

	// The working-day calendar (工作日历), public, and its overrides, set by administrators.
	g.GET("/calendar", s.handleCalendarGet)
	g.POST("/calendar/overrides", s.handleCalendarOverrideSet)

	// A notice's documents and its amendments (更正公告), and the
	// confirmation of a bid after an amendment.
	s.uploadRouteUpTo(g.POST("/projects/:id/documents", s.handleNoticeDocumentCreate), MaxNoticeUploadBody, market.ErrNoticeDocumentTooLarge)
	g.GET("/projects/:id/documents", s.handleNoticeDocumentList)
	g.GET("/projects/:id/documents/:doc_id", s.handleNoticeDocumentDownload)
	g.DELETE("/projects/:id/documents/:doc_id", s.handleNoticeDocumentDelete)
	g.POST("/projects/:id/amendments", s.handleAmendmentCreate)
	g.GET("/projects/:id/amendments", s.handleAmendmentList)
	g.GET("/amendments", s.handleAmendmentRecent)
	g.POST("/projects/:id/bids/mine/confirm", s.handleBidConfirm)

	// Questions and clarifications (答疑澄清), and the purchases of one
	// investment project (投资项目代码).
	g.GET("/projects/:id/questions", s.handleQuestionList)
	g.POST("/projects/:id/questions", s.handleQuestionCreate)
	g.POST("/questions/:id/answer", s.handleQuestionAnswer)
	g.GET("/admin/questions", s.handleAdminQuestionList)
	g.GET("/investment-projects/:code", s.handleInvestmentProjectGet)

	// The documents of sealed bids (响应文件) and the bid receipt (报价回执).
	s.uploadRouteUpTo(g.POST("/projects/:id/bids/mine/documents", s.handleBidDocumentUpload), MaxAttachmentBody, files.ErrAttachmentTooLarge)
	g.GET("/projects/:id/bids/mine/documents", s.handleBidDocumentMine)
	g.DELETE("/projects/:id/bids/mine/documents/:doc_id", s.handleBidDocumentDelete)
	g.GET("/projects/:id/bids/mine/receipt", s.handleBidReceipt)
	g.GET("/projects/:id/bids/documents", s.handleBidDocumentList)
	g.GET("/projects/:id/bids/documents/:doc_id", s.handleBidDocumentDownload)

	// The market concentration monitor (public open data) and the
	// explanations of abnormally low prices (异常低价).
	g.GET("/stats/concentration", s.handleConcentration)
	g.POST("/projects/:id/low-price-explanation", s.handleLowPriceExplain)
	g.POST("/projects/:id/low-price-explanation/decision", s.handleLowPriceDecide)
	g.PUT("/catalogue/items/:code/low-price-rule", s.handleLowPriceRuleSet)
	g.DELETE("/catalogue/items/:code/low-price-rule", s.handleLowPriceRuleClear)

	// Credit commitments (信用承诺) and credit repair (信用修复).
	g.GET("/commitments", s.handleCommitmentList)
	g.POST("/commitments", s.handleCommitmentPublish)
	g.POST("/commitments/:id/accept", s.handleCommitmentAccept)
	g.POST("/credit-events/:id/repair", s.handleCreditRepair)
	g.GET("/repairs", s.handleRepairList)
	g.POST("/repairs/:id/decision", s.handleRepairDecision)
	// Saved searches and alerts (订阅); their Atom feeds are pages (web/routes.go).
	g.GET("/saved-searches", s.handleSavedSearchList)
	g.POST("/saved-searches", s.handleSavedSearchCreate)
	g.DELETE("/saved-searches/:id", s.handleSavedSearchDelete)
	// Names, not numbers: the agency picker's search-as-you-type.
	g.GET("/agencies/lookup", s.handleAgencyLookup)
}
