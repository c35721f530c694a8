package storage

import (
	"strings"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// forUpdateIf adds FOR UPDATE when lock is set. The finders that serve both
// a page (no lock) and a use case's transaction (lock the row it will change)
// take the flag from their caller; of names the table alias to lock when the
// query joins others, so a joined reference row is never locked with it. The
// aliases are constants written in this package, never input, so they are
// written raw: "OF a, p" locks both sides of a one-to-one join.
func forUpdateIf(lock bool, of ...string) func(*gorm.DB) *gorm.DB {
	return func(db *gorm.DB) *gorm.DB {
		if !lock {
			return db
		}
		locking := clause.Locking{Strength: clause.LockingStrengthUpdate}
		if len(of) > 0 {
			locking.Table = clause.Table{Name: strings.Join(of, ", "), Raw: true}
		}
		return db.Clauses(locking)
	}
}
