package api

import "github.com/labstack/echo/v4"

// registerLifecycleRoutes: selection, publicity, objections, contract,
// delivery, payment and evaluation (SPEC §3).
func (s *Server) registerLifecycleRoutes(g *echo.Group) {
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
}
