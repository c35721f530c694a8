package api_test

import (
	"context"
	"fmt"
	"testing"
	"time"
)

// The scheduler closes a project when its deadline passes, not on its next
// tick: with the tick an hour away, a project due two seconds from now is
// closed within the wait, once, and a second project due later is closed
// at its own deadline too. Both are closed by the database clock.
func TestScheduler_ClosesWhenDueNotOnTheTick(t *testing.T) {
	t.Parallel()
	app := newBiddingApp(t)
	_, ent := app.register("enterprise", "准时截标测试有限公司")
	app.agency("准时截标测试咨询有限公司", "NAT-01")
	first := app.publishedProject(ent, nil)
	second := app.publishedProject(ent, nil)
	app.DB.Clock().Set(nil) // the database's clock from here on
	storagetestExec(t, app.testApp, fmt.Sprintf(`UPDATE projects SET bidding_closes_at = clock_timestamp() + interval '2 seconds',
		closes_at = clock_timestamp() + interval '2 seconds' WHERE id = %d`, first.ID))
	storagetestExec(t, app.testApp, fmt.Sprintf(`UPDATE projects SET bidding_closes_at = clock_timestamp() + interval '4 seconds',
		closes_at = clock_timestamp() + interval '4 seconds' WHERE id = %d`, second.ID))

	app.Jobs.Interval = time.Hour
	if err := app.Jobs.Start(); err != nil {
		t.Fatal(err)
	}
	defer app.Jobs.Stop(context.Background())
	closed := func(id int64) func() bool {
		return func() bool {
			return countRows(t, app.testApp, fmt.Sprintf(`SELECT count(*) FROM projects WHERE id = %d AND status <> 'bidding'`, id)) == 1
		}
	}
	eventually(t, "the first project closes", closed(first.ID))
	eventually(t, "the second project closes", closed(second.ID))
	for _, id := range []int64{first.ID, second.ID} {
		q := fmt.Sprintf(`SELECT count(*) FROM audit_log a JOIN projects p ON p.id::text = a.subject_id
			WHERE a.action = 'project.closed' AND a.subject_type = 'project' AND a.subject_id = '%d' AND a.at >= p.closes_at`, id)
		if n := countRows(t, app.testApp, q); n != 1 {
			t.Errorf("project %d: %d close audit rows at or after its deadline, want 1", id, n)
		}
	}
}
