package storage

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"syscall"

	"github.com/jackc/pgx/v5/pgconn"
	"gorm.io/driver/postgres"
	"gorm.io/gorm"

	"marketplace/domain"
)

// outageDialector is the PostgreSQL dialector whose error translation also
// recognises a database that cannot be reached. GORM passes every error of
// a statement, a Begin and a Commit through Translate (TranslateError), so
// this is the one place where an outage becomes domain.ErrUnavailable.
type outageDialector struct {
	*postgres.Dialector
}

// Translate implements gorm.ErrorTranslator.
func (d outageDialector) Translate(err error) error {
	if IsUnavailable(err) {
		return Unavailable(err)
	}
	return d.Dialector.Translate(err)
}

// Unavailable wraps a connection-level failure as domain.ErrUnavailable,
// keeping the cause for logs.
func Unavailable(err error) error {
	if _, ok := domain.AsError(err); ok {
		return err
	}
	return fmt.Errorf("%w: %w", domain.ErrUnavailable, err)
}

// unavailableStates are the SQLSTATEs that mean the server, not the
// statement, failed: connection exceptions (class 08), a shutting-down or
// starting-up server (57P01–57P03) and a full connection table (53300).
var unavailableStates = map[string]bool{
	"57P01": true, // admin_shutdown
	"57P02": true, // crash_shutdown
	"57P03": true, // cannot_connect_now
	"53300": true, // too_many_connections
}

// IsUnavailable reports whether err means the database cannot be reached
// (refused, reset, shut down, or no pooled connection within the deadline)
// rather than that a statement was wrong. Everything else stays a 500.
func IsUnavailable(err error) bool {
	if err == nil {
		return false
	}
	var pg *pgconn.PgError
	if errors.As(err, &pg) {
		return unavailableStates[pg.Code] || strings.HasPrefix(pg.Code, "08")
	}
	var ce *pgconn.ConnectError
	var ne net.Error
	switch {
	case errors.As(err, &ce), errors.As(err, &ne):
		return true
	case errors.Is(err, driver.ErrBadConn), errors.Is(err, sql.ErrConnDone),
		errors.Is(err, syscall.ECONNREFUSED), errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.EPIPE),
		errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		return true
	case errors.Is(err, context.DeadlineExceeded):
		// database/sql waits for a pooled connection until the request's
		// deadline: an exhausted or unreachable pool, not a bad request.
		return true
	}
	return pgconn.Timeout(err)
}

// registerOutageCallback covers the one path that bypasses Translate: the
// row callback (Raw(…).Scan, Rows) assigns the driver's error directly.
func registerOutageCallback(g *gorm.DB) error {
	return g.Callback().Row().After("gorm:row").Register("marketplace:outage", func(db *gorm.DB) {
		if IsUnavailable(db.Error) {
			db.Error = Unavailable(db.Error)
		}
	})
}
