package api

import "github.com/labstack/echo/v4"

// registerOpenDataRoutes mounts open data (OCDS), notifications, webhooks
// and public statistics.
func (s *Server) registerOpenDataRoutes(g *echo.Group) {
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
}
