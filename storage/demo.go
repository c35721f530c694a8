package storage

import (
	"context"
	"fmt"

	"marketplace/domain"
)

// DemoPassword is the password of every demo account.
const DemoPassword = "demo-password-2026"

// DemoLogin is one demo account to print.
type DemoLogin struct {
	Role, Name, Email string
}

// SeedDemo loads the demo world into an empty database through the real use
// cases (so every rule and audit row applies) and returns the logins. It does
// nothing when any enterprise or agency exists already.
func SeedDemo(ctx context.Context, m *domain.Marketplace, db *DB) ([]DemoLogin, error) {
	var n int64
	if err := db.db.WithContext(ctx).Raw("SELECT count(*) FROM accounts").Scan(&n).Error; err != nil {
		return nil, fmt.Errorf("storage: count accounts: %w", err)
	}
	var logins []DemoLogin
	if n > 0 {
		return nil, nil
	}
	staff := []domain.StaffAccountInput{
		{Role: domain.RoleAdmin, Name: "平台管理员", Email: "admin@demo.gov.cn", Password: DemoPassword},
		{Role: domain.RoleDepartment, Name: "某市生态环境局", Email: "eco@demo.gov.cn", Password: DemoPassword, Region: "湖北省武汉市", Level: "市级"},
	}
	for _, in := range staff {
		a, err := m.CreateStaffAccount(ctx, in)
		if err != nil {
			return nil, err
		}
		logins = append(logins, DemoLogin{a.Role, a.Name, a.Email})
	}
	regs := []domain.RegisterInput{
		{Role: domain.RoleEnterprise, Name: "武汉光谷新材料有限公司", LegalRepresentative: "李明", ContactPhone: "13800000001", Email: "enterprise@demo.cn"},
		{Role: domain.RoleAgency, Name: "湖北绿源环境科技有限公司", LegalRepresentative: "王芳", ContactPhone: "13800000002", Email: "agency@demo.cn"},
	}
	for i, in := range regs {
		in.USCC = DemoUSCC(i + 1)
		in.Password = DemoPassword
		a, err := m.Register(ctx, in)
		if err != nil {
			return nil, err
		}
		logins = append(logins, DemoLogin{a.Role, a.Name, a.Email})
	}
	return logins, nil
}

// DemoUSCC returns a valid unified social credit code numbered n.
func DemoUSCC(n int) string {
	first := fmt.Sprintf("91420100MA%07d", n)
	return first + string(domain.USCCCheckChar(first))
}
