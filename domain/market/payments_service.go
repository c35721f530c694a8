package market

import (
	"context"
	"strings"

	"marketplace/domain/kernel"
)

// PaymentStore persists the departments' payments.
type PaymentStore interface {
	CreatePayment(ctx context.Context, p *Payment) error
	FindPayments(ctx context.Context, projectID int64) ([]*Payment, error)
}

// RecordPayment is the owning department recording a payment for its
// budget-funded project (amount, date, budget code) for the spending report.
func (pa *PostAward) RecordPayment(ctx context.Context, actor kernel.Actor, projectID int64, in PaymentInput) (*Payment, error) {
	if err := kernel.Authorize(actor, kernel.ActPay); err != nil {
		return nil, err
	}
	pa.Settle(ctx, projectID)
	if in.Amount <= 0 || in.Amount > kernel.MaxMoney {
		return nil, kernel.FieldError("amount", "amount_range", "The amount must be above zero.")
	}
	day, err := kernel.ParseDate("paid_on", in.PaidOn, "2026-01-31")
	if err != nil {
		return nil, err
	}
	var out *Payment
	err = pa.InTx(ctx, func(s LifecycleTx) error {
		p, _, now, err := pa.LockLifecycle(ctx, s, projectID)
		if err != nil {
			return err
		}
		if !p.IsOwner(actor) || actor.Role != kernel.RoleDepartment || p.Funding != FundingBudget {
			return kernel.Errorf(kernel.EFORBIDDEN, "not_paying_department", "Only the owning department records payments, for budget-funded projects.")
		}
		switch p.Status {
		case ProjectContracted, ProjectDelivered, ProjectAccepted, ProjectCompleted:
		default:
			return kernel.Errorf(kernel.ECONFLICT, "project_not_contracted", "Payments are recorded once the contract is signed.")
		}
		code := strings.TrimSpace(in.BudgetCode)
		if code == "" {
			code = p.BudgetCode
		}
		if code != p.BudgetCode {
			return kernel.FieldError("budget_code", "budget_code_mismatch", "The payment must come from the project's budget line %s.", p.BudgetCode)
		}
		k, err := s.FindContract(ctx, projectID)
		if err != nil {
			return err
		}
		paid, err := s.FindPayments(ctx, projectID)
		if err != nil {
			return err
		}
		var sum kernel.Money
		for _, x := range paid {
			sum += x.Amount
		}
		if sum+in.Amount > k.Price {
			return kernel.FieldError("amount", "amount_above_contract", "Payments would total %s, above the contract price %s.", sum+in.Amount, k.Price)
		}
		pay := &Payment{ProjectID: projectID, DepartmentID: actor.ID, Amount: in.Amount, PaidOn: day.Format(kernel.DateLayout), BudgetCode: code, CreatedAt: now}
		if err := s.CreatePayment(ctx, pay); err != nil {
			return err
		}
		out = pay
		return s.AppendAudit(ctx, kernel.NewAudit(actor, "project.payment_recorded", "project", ProjectSubject(projectID),
			map[string]any{"payment_id": pay.ID, "amount": pay.Amount, "paid_on": pay.PaidOn, "budget_code": code}))
	})
	return out, err
}

// Payments lists a project's payments (public spending).
func (pa *PostAward) Payments(ctx context.Context, projectID int64) ([]*Payment, error) {
	if _, err := pa.Store.FindProjectByID(ctx, projectID, NoLock); err != nil {
		return nil, err
	}
	ps, err := pa.Store.FindPayments(ctx, projectID)
	if ps == nil {
		ps = []*Payment{}
	}
	return ps, err
}
