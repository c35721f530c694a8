package api

import (
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"marketplace/domain"
)

// registrationCommitment is the registration commitment in force, shown
// on the registration form (nil when none is published or on a read error:
// the form still works and the domain refuses a missing acceptance).
func (p *pages) registrationCommitment(c echo.Context) *domain.CommitmentText {
	list, err := p.s.Market.ListCommitments(c.Request().Context(), domain.CommitmentRegistration)
	if err != nil || len(list.Items) == 0 {
		return nil
	}
	return list.Items[0]
}

// formCommitmentVersion reads the ticked commitment box (0: not ticked).
func formCommitmentVersion(c echo.Context) domain.CommitmentVersion {
	n, err := strconv.Atoi(strings.TrimSpace(c.FormValue("accept_commitment_version")))
	if err != nil || n < 0 {
		return 0
	}
	return domain.CommitmentVersion(n)
}
