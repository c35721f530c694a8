package api

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"marketplace/domain"
)

func (s *Server) registerAuditRoutes(g *echo.Group) {
	g.GET("/audit/verify", s.handleAuditVerify)
}

// handleAuditVerify is public: it reveals only hashes and positions, and
// anyone may check that the record of the platform's actions is intact.
func (s *Server) handleAuditVerify(c echo.Context) error {
	v, err := s.Market.VerifyAudit(c.Request().Context())
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, v)
}

func (s *Server) registerAdminRoutes(g *echo.Group) {
	g.GET("/admin/jobs", s.handleJobRunList)
}

func (s *Server) handleJobRunList(c echo.Context) error {
	if err := requireRole(c, domain.RoleAdmin); err != nil {
		return err
	}
	p, err := pageParams(c)
	if err != nil {
		return err
	}
	f, err := jobRunFilter(c)
	if err != nil {
		return err
	}
	v, err := s.Market.JobsOverview(c.Request().Context(), ActorOf(c), f, p)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, v)
}

// jobRunFilter reads ?job=&failed=.
func jobRunFilter(c echo.Context) (domain.JobRunFilter, error) {
	f := domain.JobRunFilter{Job: c.QueryParam("job")}
	if err := echo.QueryParamsBinder(c).Bool("failed", &f.Failed).BindError(); err != nil {
		return f, domain.FieldError("failed", "failed_format", "failed must be true or false.")
	}
	return f, nil
}
