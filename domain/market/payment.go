package market

import (
	"time"

	"marketplace/domain/kernel"
)

// Payment is a department's payment for a budget-funded project, for the
// spending report (纳入部门预算).
type Payment struct {
	ID           int64        `json:"id"`
	ProjectID    int64        `json:"project_id"`
	DepartmentID int64        `json:"department_id"`
	Amount       kernel.Money `json:"amount"`
	PaidOn       string       `json:"paid_on"`
	BudgetCode   string       `json:"budget_code"`
	CreatedAt    time.Time    `json:"created_at"`
}

// PaymentInput is what the department records.
type PaymentInput struct {
	Amount     kernel.Money `json:"amount"`
	PaidOn     string       `json:"paid_on"`
	BudgetCode string       `json:"budget_code"`
}
