package storage_test

import (
	"context"
	"strconv"
	"testing"
	"time"

	"marketplace/domain/credit"
	"marketplace/storage/storagetest"
)

// The grade formula is written once in Go (credit.Score,
// credit.Grade); the set-based recompute applies it in SQL with the
// same constants as parameters. This test holds the two equal on every
// boundary: each grade threshold and each clamp, one below, on and one
// above, so a change to either side that the other does not follow fails.
func TestCredit_RecomputeGradesLikeTheDomainOnEveryBoundary(t *testing.T) {
	t.Parallel()
	db := storagetest.MustOpen(t)
	ctx := context.Background()
	var scores []int
	for _, b := range []int{credit.GradeAMin, credit.GradeBMin, credit.GradeCMin, credit.MinScore, credit.MaxScore, credit.Base} {
		scores = append(scores, b-1, b, b+1)
	}
	// points beyond either clamp
	points := []int{credit.MinScore - credit.Base - 25, credit.MaxScore - credit.Base + 25}
	for _, s := range scores {
		points = append(points, s-credit.Base)
	}
	bulkAgencies(t, db, len(points))
	now := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	// an event carries at most ±100 points: larger totals take several
	var owners, chunks []int
	for i, p := range points {
		for p != 0 {
			c := max(-100, min(100, p))
			owners, chunks = append(owners, i+1), append(chunks, c)
			p -= c
		}
	}
	creditExec(t, db.SQL(), `INSERT INTO credit_events (agency_id, kind, points, source, created_at, expires_at)
		SELECT a.id, 'evaluation', e.points, 'system', $3::timestamptz,
		       CASE WHEN e.points < 0 THEN $3::timestamptz + interval '24 months' END
		FROM (SELECT id, row_number() OVER (ORDER BY id) AS n FROM accounts WHERE role = 'agency') a
		JOIN unnest($1::int[], $2::int[]) e(n, points) ON e.n = a.n`, intArray(owners), intArray(chunks), now.Add(-time.Hour))
	if _, err := db.RecomputeCreditScores(ctx, now, credit.CurrentScoreParams()); err != nil {
		t.Fatal(err)
	}
	rows, err := db.SQL().QueryContext(ctx, `SELECT p.credit_points, p.credit_score, p.credit_grade
		FROM agency_profiles p JOIN accounts a ON a.id = p.account_id ORDER BY a.id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	i := 0
	for ; rows.Next(); i++ {
		var pts, score int
		var grade string
		if err := rows.Scan(&pts, &score, &grade); err != nil {
			t.Fatal(err)
		}
		wantScore := credit.Score(points[i])
		if pts != points[i] || score != wantScore || grade != credit.Grade(wantScore) {
			t.Errorf("%+d points: SQL gives %d points, score %d, grade %s; the domain gives score %d, grade %s",
				points[i], pts, score, grade, wantScore, credit.Grade(wantScore))
		}
	}
	if i != len(points) {
		t.Fatalf("%d profiles, want %d", i, len(points))
	}
}

func intArray(xs []int) string {
	s := "{"
	for i, x := range xs {
		if i > 0 {
			s += ","
		}
		s += strconv.Itoa(x)
	}
	return s + "}"
}
