package main

import (
	"context"
	"database/sql"
	"slices"

	_ "github.com/jackc/pgx/v5/stdlib"
)

// lost counts acknowledged bids the database does not hold: the stored
// price must be the last acknowledged one or one sent after it unanswered.
func lost(ctx context.Context, dsn string, project int64, ledgers []*ledger) (int, error) {
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		return 0, err
	}
	defer db.Close()
	n := 0
	for _, l := range ledgers {
		if l.lastAcked == 0 {
			continue
		}
		var fen int64
		err := db.QueryRowContext(ctx, `SELECT b.price_fen FROM bids b JOIN accounts a ON a.id = b.agency_id
			WHERE b.project_id = $1 AND a.email = $2`, project, l.email).Scan(&fen)
		if err == sql.ErrNoRows || (err == nil && fen != l.lastAcked && !slices.Contains(l.unsure, fen)) {
			n++
			continue
		}
		if err != nil {
			return 0, err
		}
	}
	return n, nil
}

// createDatabase makes a fresh database on the server of base and returns its URL.
func createDatabase(ctx context.Context, base, name string) (string, error) {
	db, err := sql.Open("pgx", base)
	if err != nil {
		return "", err
	}
	defer db.Close()
	if _, err := db.ExecContext(ctx, "CREATE DATABASE "+name); err != nil {
		return "", err
	}
	return withDatabase(base, name), nil
}
