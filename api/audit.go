package api

import (
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"marketplace/domain"
	"marketplace/domain/jobrun"
)

// handleAuditPublicKey serves the key checkpoints are signed with (public).
func (s *Server) handleAuditPublicKey(c echo.Context) error {
	k, err := s.Market.Audit().PublicKeyOf()
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, k)
}

// handleAuditCheckpoints lists signed checkpoints, newest first (public):
// save them, and verify-audit proves later that the chain still holds them.
func (s *Server) handleAuditCheckpoints(c echo.Context) error {
	p, err := PageParams(c)
	if err != nil {
		return err
	}
	list, err := s.Market.Audit().ListCheckpoints(c.Request().Context(), p)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, list)
}

// handleAuditLink returns the chain's hash at one position (public).
func (s *Server) handleAuditLink(c echo.Context) error {
	seq, err := strconv.ParseInt(c.Param("seq"), 10, 64)
	if err != nil {
		return domain.FieldError("seq", "seq_format", "seq must be a whole number.")
	}
	l, err := s.Market.Audit().LinkAt(c.Request().Context(), seq)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, l)
}

// handleAuditVerify is public: it reveals only hashes and positions, and
// anyone may check that the record of the platform's actions is intact.
func (s *Server) handleAuditVerify(c echo.Context) error {
	v, err := s.Market.Audit().Verify(c.Request().Context())
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, v)
}

func (s *Server) handleJobRunList(c echo.Context) error {
	p, err := PageParams(c)
	if err != nil {
		return err
	}
	f, err := JobRunFilter(c)
	if err != nil {
		return err
	}
	v, err := s.Market.Jobs().Overview(c.Request().Context(), ActorOf(c), f, p)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, v)
}

// JobRunFilter reads ?job=&failed=.
func JobRunFilter(c echo.Context) (jobrun.Filter, error) {
	f := jobrun.Filter{Job: c.QueryParam("job")}
	if err := echo.QueryParamsBinder(c).Bool("failed", &f.Failed).BindError(); err != nil {
		return f, domain.FieldError("failed", "failed_format", "failed must be true or false.")
	}
	return f, nil
}
