package web

import (
	"log/slog"

	"github.com/labstack/echo/v4"

	"marketplace/api"
	"marketplace/domain/files"
	"marketplace/domain/market"
)

// Mount implements api.Site: every page of the portal, in one table. Forms
// are protected by a CSRF token kept in a SameSite=Strict cookie and
// repeated in a hidden field (api.SiteHooks.FormCSRF).
func (p *Portal) Mount(e *echo.Echo, h api.SiteHooks) {
	p.secureCookies, p.oidcClient, p.log = h.SecureCookies, h.OIDC, h.Log
	if p.log == nil {
		p.log = slog.Default()
	}
	// Asset URLs carry a content hash (AssetVersion), so they may be cached for a year.
	e.Group("/static", func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			c.Response().Header().Set("Cache-Control", "public, max-age=31536000, immutable")
			return next(c)
		}
	}).StaticFS("/", Static())
	g := e.Group("", h.Auth, h.FormCSRF, h.FormText, h.ReadConsistency, h.Idempotent)
	g.GET("/", p.handleHome)
	g.GET("/catalogue", p.handleCatalogue)
	g.GET("/catalogue/:code", p.handleItem)
	g.GET("/login", p.handleLoginForm)
	g.POST("/login", p.handleLogin)
	g.POST("/logout", p.handleLogout)
	g.GET("/register", p.handleRegisterForm)
	g.POST("/register", p.handleRegister)
	g.GET("/lang", p.handleLang)
	g.GET("/elder", p.handleElder)
	g.GET("/projects", p.handleProjects)
	g.GET("/projects/:id", p.handleProject)
	g.POST("/projects/:id/bid", p.handleBidSubmit)
	g.POST("/projects/:id/bid/withdraw", p.handleBidWithdraw)
	g.GET("/projects/:id/auction", p.handleAuction)
	g.POST("/projects/:id/auction/bid", p.handleAuctionBidForm)
	g.GET("/results", p.handleResults)
	g.GET("/terminated", p.handleTerminated)
	g.GET("/agencies", p.handleAgencies)
	g.GET("/agencies/:id", p.handleAgency)
	g.GET("/credit", p.handleCredit)
	g.GET("/data", p.handleData)
	g.GET("/search", p.handlePortalSearch)
	g.GET("/guide", p.handleGuide)
	g.GET("/policies", p.handlePolicies)
	g.GET("/notices", p.handleNotices)
	g.GET("/notices/:id", p.handleNoticeItem)
	g.GET("/feeds/saved-searches/:token", p.handleSavedSearchFeed)

	// Supervision (departments and admins).
	g.GET("/supervision/risks", p.handleRiskList)
	g.GET("/supervision/risks/:id", p.handleRiskFlag)
	g.POST("/supervision/risks/:id/cases", p.handleRiskCaseOpen)
	g.GET("/supervision/cases/:id", p.handleRiskCase)
	g.POST("/supervision/cases/:id/notes", p.handleRiskCaseNote)
	g.POST("/supervision/cases/:id/close", p.handleRiskCaseClose)
	g.POST("/supervision/cases/:id/convert", p.handleRiskCaseConvert)

	// The lifecycle after the close: forms on the notice.
	g.POST("/projects/:id/select", p.handleSelectForm)
	g.POST("/projects/:id/objection", p.handleObjectionForm)
	g.POST("/projects/:id/objections/:oid/answer", p.handleAnswerForm)
	g.POST("/projects/:id/objections/:oid/escalate", p.handleEscalateForm)
	g.POST("/projects/:id/contract/sign", p.handleSignForm)
	g.POST("/projects/:id/contract/decline", p.handleDeclineForm)
	h.Upload(g.POST("/projects/:id/deliver", p.handleDeliverForm))
	g.POST("/projects/:id/acceptance", p.handleAcceptanceForm)
	g.POST("/projects/:id/payment", p.handlePaymentForm)
	g.POST("/projects/:id/evaluate", p.handleEvaluateForm)
	g.POST("/projects/:id/reply", p.handleReplyForm)
	g.GET("/workspace/complaints", p.handleComplaints)
	g.GET("/workspace/maintenance", p.handleMaintenance)
	g.POST("/workspace/maintenance/reindex", p.handleReindexStart)
	g.POST("/workspace/complaints", p.handleComplaintDecide)

	// The workspace of each role.
	w := g.Group("/workspace")
	w.GET("", p.handleWorkspace)
	// enterprises and departments
	w.GET("/projects", p.handleMyProjects)
	w.GET("/projects/new", p.handleProjectForm)
	w.POST("/projects/new", p.handleProjectCreate)
	w.POST("/projects/:id/publish", p.handleProjectPublish)
	// agencies
	w.GET("/profile", p.handleProfile)
	w.POST("/profile", p.handleProfileSave)
	w.POST("/exit", p.handleExit)
	w.POST("/rejoin", p.handleRejoin)
	w.GET("/qualifications", p.handleQualifications)
	h.Upload(w.POST("/qualifications", p.handleQualificationUpload))
	w.POST("/qualifications/:id/delete", p.handleQualificationRemove)
	w.GET("/affiliations", p.handleAffiliations)
	w.POST("/affiliations", p.handleAffiliationAdd)
	w.POST("/affiliations/:id/delete", p.handleAffiliationRemove)
	w.GET("/matching", p.handleMatching)
	w.GET("/credit", p.handleMyCredit)
	w.POST("/credit/:id/appeal", p.handleAppeal)
	// departments
	w.GET("/monitor", p.handleMonitor)
	w.GET("/violations", p.handleViolations)
	w.POST("/violations", p.handleViolationRecord)
	w.POST("/violations/:id/confirm", p.handleViolationConfirm)
	w.POST("/confirmations/:id/confirm", p.handleConfirmationConfirm)
	w.GET("/inspections", p.handleInspections)
	w.POST("/inspections", p.handleInspectionCreate)
	w.GET("/inspections/:id", p.handleInspection)
	w.POST("/inspections/:id/results", p.handleInspectionResult)
	// admins
	w.GET("/catalogue", p.handleAdminCatalogue)
	w.GET("/catalogue/:code", p.handleItemForm)
	w.POST("/catalogue/:code", p.handleItemSave)
	w.GET("/appeals", p.handleAppeals)
	w.POST("/appeals", p.handleAppealDecide)
	w.GET("/jobs", p.handleJobs)
	w.GET("/audit", p.handleAuditStatus)
	w.GET("/notices", p.handleAdminNotices)
	w.POST("/notices", p.handleNoticePublish)

	// The administrators' contract template editor.
	w.GET("/contract-templates/:key", p.handleContractTemplateForm)
	w.POST("/contract-templates/:key", p.handleContractTemplateSave)

	// Single sign-on through the government identity platform (OIDC).
	g.GET("/auth/oidc/login", p.handleOIDCLogin)
	g.GET("/auth/oidc/callback", p.handleOIDCCallback)
	g.GET("/auth/oidc/finish", p.handleOIDCFinish)
	g.POST("/auth/oidc/link", p.handleOIDCLink)
	g.POST("/auth/oidc/create", p.handleOIDCCreate)

	// The public working-day calendar (工作日历).
	g.GET("/calendar", p.handleCalendarPage)

	// A notice's documents and amendments: the 更正公告 list, the printable
	// notice, and the owner's and the agency's forms.
	g.GET("/amendments", p.handleAmendmentList)
	g.GET("/projects/:id/print", p.handleNoticePrint)
	h.UploadUpTo(g.POST("/projects/:id/documents", p.handleNoticeDocumentUpload), api.MaxNoticeUploadBody, market.ErrNoticeDocumentTooLarge)
	g.POST("/projects/:id/documents/:doc_id/remove", p.handleNoticeDocumentRemove)
	g.POST("/projects/:id/amendment", p.handleAmendmentForm)
	g.POST("/projects/:id/bid/confirm", p.handleBidConfirmForm)

	// Questions and clarifications (答疑澄清), and the purchases of one
	// investment project (投资项目代码).
	g.POST("/projects/:id/questions", p.handleQuestionAskForm)
	g.POST("/projects/:id/questions/:qid/answer", p.handleQuestionAnswerForm)
	g.GET("/investment-projects/:code", p.handleInvestmentProject)

	// Bid documents (响应文件): the upload form on the agency's bid, the
	// owner's reading after the close, and the printable receipt.
	h.UploadUpTo(g.POST("/projects/:id/bid/documents", p.handleBidDocumentUploadForm), api.MaxAttachmentBody, files.ErrAttachmentTooLarge)
	g.POST("/projects/:id/bid/documents/:doc_id/remove", p.handleBidDocumentRemoveForm)
	g.GET("/projects/:id/bid/documents/:doc_id", p.handleBidDocumentFile)
	g.GET("/projects/:id/bid/receipt", p.handleBidReceiptPage)

	// Market concentration (public and the departments' monitor) and the
	// forms of abnormally low prices (异常低价).
	g.GET("/data/concentration", p.handleDataConcentration)
	w.GET("/monitor/concentration", p.handleWSConcentration)
	g.POST("/projects/:id/low-price-explanation", p.handleLowPriceExplainForm)
	g.POST("/projects/:id/low-price-decision", p.handleLowPriceDecideForm)

	// Credit commitments (信用承诺) and credit repair (信用修复).
	g.GET("/commitments", p.handleCommitments)
	w.GET("/commitment", p.handleCommitmentPrompt)
	w.POST("/commitment", p.handleCommitmentAcceptForm)
	w.POST("/credit/:id/repair", p.handleRepairApply)
	w.GET("/repairs", p.handleRepairs)
	w.POST("/repairs", p.handleRepairDecide)

	// Saved searches (订阅), for every role; their feeds are under /feeds.
	w.GET("/saved-searches", p.handleSavedSearches)
	w.POST("/saved-searches", p.handleSavedSearchCreate)
	w.POST("/saved-searches/:id/delete", p.handleSavedSearchDelete)
}
