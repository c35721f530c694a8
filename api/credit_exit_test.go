package api_test

import (
	"context"
	"strconv"
	"testing"
	"time"

	"marketplace/domain"
	"marketplace/domain/credit"
)

func TestCredit_ExitRuleGradeD(t *testing.T) {
	t.Parallel()
	w := newCreditWorld(t)
	id, _ := w.register("agency", "D级测试咨询有限公司")
	grave := map[string]any{"agency_id": id, "kind": "violation", "severity": 3, "evidence": "检查记录"}

	w.violation(t, w.dept, grave) // 70, C
	if got := w.accountStatus(t, id); got != "active" {
		t.Fatalf("after one grave violation: %s", got)
	}
	w.advance(time.Hour)
	w.violation(t, w.dept, grave) // 40, D → suspended 6 months
	start := w.now
	c := w.credit(t, id, "")
	if c.Grade != "D" || c.Status != "suspended" || c.SuspendedUntil == nil || !c.SuspendedUntil.Equal(start.AddDate(0, 6, 0)) {
		t.Fatalf("grade D: %+v", c)
	}
	if c.Events[0].Kind != "suspended" || c.Events[0].CauseEventID == nil || *c.Events[0].CauseEventID != c.Events[1].ID {
		t.Errorf("status change is not a credit event with its cause: %+v", c.Events[0])
	}
	if got := w.accountStatus(t, id); got != "suspended" {
		t.Errorf("accounts.status = %s", got)
	}

	w.advance(start.AddDate(0, 6, 0).Sub(w.now) - time.Second)
	if n := w.runJob(t, "lift_suspensions"); n != 0 || w.accountStatus(t, id) != "suspended" {
		t.Fatalf("lifted early: %d rows, %s", n, w.accountStatus(t, id))
	}
	w.advance(time.Second)
	if n := w.runJob(t, "lift_suspensions"); n != 1 {
		t.Fatalf("lift at the end of the period: %d rows", n)
	}
	c = w.credit(t, id, "")
	if c.Status != "active" || c.SuspendedUntil != nil || c.Events[0].Kind != "reinstated" || c.Grade != "D" {
		t.Fatalf("after reinstatement: %+v", c)
	}
	// The reinstatement did not re-trigger the rule; the next deduction in D does.
	w.runJob(t, "lift_suspensions")
	if got := w.accountStatus(t, id); got != "active" {
		t.Fatalf("reinstatement re-triggered: %s", got)
	}
	w.advance(time.Hour)
	// (a violation here would be the third in 12 months: use the lifecycle's late delivery)
	err := w.Market.Store.InTx(context.Background(), func(s domain.Store) error {
		return w.Market.RecordCreditEvent(context.Background(), s, credit.Event{AgencyID: id, Kind: credit.KindLateDelivery,
			Points: -3, Source: credit.SourceScheduler, Reason: "服务逾期"})
	})
	if err != nil {
		t.Fatal(err)
	}
	if c := w.credit(t, id, ""); c.Status != "suspended" || c.Score != 37 || !c.SuspendedUntil.Equal(w.now.AddDate(0, 6, 0)) {
		t.Errorf("next deduction in D: %+v", c)
	}
}

func TestCredit_ExitRuleThreeViolations(t *testing.T) {
	t.Parallel()
	w := newCreditWorld(t)
	spread, _ := w.register("agency", "分散违规咨询有限公司")
	bunched, _ := w.register("agency", "集中违规咨询有限公司")
	minor := func(id int64) {
		w.violation(t, w.dept, map[string]any{"agency_id": id, "kind": "violation", "severity": 1, "evidence": "记录"})
	}

	// Three within 12 months → suspended 12 months (score 85, grade B).
	minor(bunched)
	w.advanceMonths(5)
	minor(bunched)
	minor(spread)
	w.advanceMonths(5)
	minor(bunched)
	at := w.now
	c := w.credit(t, bunched, "")
	if c.Status != "suspended" || c.Grade != "B" || !c.SuspendedUntil.Equal(at.AddDate(0, 12, 0)) {
		t.Fatalf("three violations: %+v", c)
	}
	// The 12 months end to the second.
	w.advanceMonths(8)
	minor(spread)
	w.advance(at.AddDate(0, 12, 0).Sub(w.now) - time.Second)
	if n := w.runJob(t, "lift_suspensions"); n != 0 || w.accountStatus(t, bunched) != "suspended" {
		t.Fatalf("12-month suspension lifted early: %d rows", n)
	}
	w.advance(time.Second)
	if n := w.runJob(t, "lift_suspensions"); n != 1 || w.accountStatus(t, bunched) != "active" {
		t.Errorf("12-month suspension not lifted: %d rows, %s", n, w.accountStatus(t, bunched))
	}
	// Three violations spread over 18 months → nothing.
	w.advanceMonths(1)
	minor(spread)
	if got := w.accountStatus(t, spread); got != "active" {
		t.Errorf("three violations over 18 months suspended the agency: %s", got)
	}
}

func TestCredit_ExitRuleBlacklist(t *testing.T) {
	t.Parallel()
	w := newCreditWorld(t)
	liar, _ := w.register("agency", "虚假材料咨询有限公司")
	colluder, colluderToken := w.register("agency", "串标咨询有限公司")

	w.violation(t, w.dept, map[string]any{"agency_id": liar, "kind": "false_materials", "evidence": "伪造资质证书编号"})
	v := w.violation(t, w.dept2, map[string]any{"agency_id": colluder, "kind": "collusion", "evidence": "投标文件雷同，同一IP提交"})
	for _, id := range []int64{liar, colluder} {
		c := w.credit(t, id, "")
		if c.Status != "blacklisted" || w.accountStatus(t, id) != "blacklisted" || !c.SuspendedUntil.Equal(w.now.AddDate(3, 0, 0)) {
			t.Fatalf("blacklist of %d: %+v, accounts.status %s", id, c, w.accountStatus(t, id))
		}
		if !domain.AgencyBarred(c.Status, c.SuspendedUntil, w.now) {
			t.Errorf("blacklisted agency %d may bid", id)
		}
	}

	// An upheld appeal against the collusion event lifts the blacklist it caused.
	r := w.do("POST", "/api/v1/credit-events/"+creditItoa(*v.CreditEventID)+"/appeal", colluderToken, map[string]string{"reason": "系同一代理机构误操作"})
	var ap credit.Appeal
	r.decode(t, &ap)
	if r := w.do("POST", "/api/v1/appeals/"+creditItoa(ap.ID)+"/decision", w.admin, map[string]any{"upheld": true, "reason": "经核查非串标"}); r.Status != 200 {
		t.Fatalf("decision: %d %s", r.Status, r.Body)
	}
	if c := w.credit(t, colluder, ""); c.Status != "active" || c.Score != 100 || w.accountStatus(t, colluder) != "active" {
		t.Errorf("after upheld appeal: %+v", c)
	}

	// The liar stays blacklisted for 3 years to the second.
	w.advance(w.now.AddDate(3, 0, 0).Sub(w.now) - time.Second)
	w.runJob(t, "lift_suspensions")
	if got := w.accountStatus(t, liar); got != "blacklisted" {
		t.Fatalf("blacklist lifted early: %s", got)
	}
	w.advance(time.Second)
	if n := w.runJob(t, "lift_suspensions"); n != 1 || w.accountStatus(t, liar) != "active" {
		t.Errorf("blacklist not lifted after 3 years: %d, %s", n, w.accountStatus(t, liar))
	}
}

func TestCredit_ExpiryAndRecomputeJob(t *testing.T) {
	t.Parallel()
	w := newCreditWorld(t)
	id, _ := w.register("agency", "信用修复咨询有限公司")
	if n := w.runJob(t, "recompute_credit"); n != 0 {
		t.Fatalf("first recompute changed %d rows on a consistent database", n)
	}
	w.violation(t, w.dept, map[string]any{"agency_id": id, "kind": "violation", "severity": 2, "evidence": "记录"})
	w.advance(w.now.AddDate(2, 0, 0).Sub(w.now) + time.Second)
	// Read time already counts the expiry; the stored score waits for the job.
	if c := w.credit(t, id, ""); c.Score != 100 || len(c.Events) != 1 {
		t.Errorf("read after expiry: %+v", c)
	}
	var stored int64
	storagetestCount(t, w.testApp, "SELECT credit_score FROM agency_profiles WHERE account_id = "+creditItoa(id), &stored)
	if stored != 85 {
		t.Fatalf("stored score before the job = %d", stored)
	}
	if n := w.runJob(t, "recompute_credit"); n != 1 {
		t.Errorf("recompute changed %d rows, want 1", n)
	}
	storagetestCount(t, w.testApp, "SELECT credit_score FROM agency_profiles WHERE account_id = "+creditItoa(id), &stored)
	if stored != 100 {
		t.Errorf("stored score after the job = %d", stored)
	}
	// Not due again for 24 hours.
	storagetestExec(t, w.testApp, "UPDATE agency_profiles SET credit_score = 1, credit_grade = 'D' WHERE account_id = "+creditItoa(id))
	if n := w.runJob(t, "recompute_credit"); n != 0 {
		t.Errorf("recompute ran again before it was due: %d", n)
	}
	w.advance(credit.RecomputeInterval)
	if n := w.runJob(t, "recompute_credit"); n != 1 {
		t.Errorf("recompute did not repair the tampered score: %d", n)
	}
	if n, err := w.Market.Credit().Recompute(context.Background()); err != nil || n != 0 {
		t.Errorf("manual recompute: %d %v", n, err)
	}
}

func creditItoa(n int64) string { return strconv.FormatInt(n, 10) }
