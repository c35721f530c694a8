package domain

import (
	"regexp"
	"strconv"

	"marketplace/domain/catalogue"
	"marketplace/domain/market"
)

// An investment project code (投资项目代码) is issued by the national online
// approval and supervision platform for investment projects (全国投资项目在线
// 审批监管平台) as year-region-industry-type-serial: YYYY-DDDDDD-DD-DD-DDDDDD,
// e.g. 2024-420100-47-01-123456. Every intermediary purchase for the approval
// of one investment project carries the same code, which links them.
var investmentCodePattern = regexp.MustCompile(`^([0-9]{4})-([0-9]{6})-[0-9]{2}-[0-9]{2}-[0-9]{6}$`)

// The national platform has issued codes since 2015 (国办发〔2015〕12号 ordered
// it in place); a code names the year it was given, never a future one
// beyond the next (a project registered on New Year's Eve).
const (
	InvestmentCodeFirstYear = 2015
	investmentCodeYearAhead = 1
)

// Reasons of a refused investment project code.
const (
	ReasonInvestmentCodeFormat   = "investment_code_format"
	ReasonInvestmentCodeYear     = "investment_code_year"
	ReasonInvestmentCodeRegion   = "investment_code_region"
	ReasonInvestmentCodeRequired = "investment_code_required"
)

// ValidateInvestmentCode checks the shape of a code and that its year and
// region are plausible (currentYear is the platform clock's year). An empty
// code is valid: most projects serve no investment project.
func ValidateInvestmentCode(code string, currentYear int) error {
	if code == "" {
		return nil
	}
	m := investmentCodePattern.FindStringSubmatch(code)
	if m == nil {
		return &Error{Code: EINVALID, Reason: ReasonInvestmentCodeFormat, Field: "investment_project_code",
			Message: "investment_project_code must read YYYY-DDDDDD-DD-DD-DDDDDD (year-region-industry-type-serial), e.g. 2024-420100-47-01-123456."}
	}
	year, _ := strconv.Atoi(m[1])
	if year < InvestmentCodeFirstYear || year > currentYear+investmentCodeYearAhead {
		return &Error{Code: EINVALID, Reason: ReasonInvestmentCodeYear, Field: "investment_project_code",
			Message: "The year of investment_project_code must be between 2015 and next year.", Params: map[string]any{"Year": year}}
	}
	// The region is an administrative division code (行政区划代码): its
	// two-digit province part runs from 11 (北京) to 82 (澳门); 000000
	// marks a national project.
	if region := m[2]; region != "000000" {
		if prov, _ := strconv.Atoi(region[:2]); prov < 11 || prov > 82 {
			return &Error{Code: EINVALID, Reason: ReasonInvestmentCodeRegion, Field: "investment_project_code",
				Message: "The region part of investment_project_code is not an administrative division code.", Params: map[string]any{"Region": region}}
		}
	}
	return nil
}

// InvestmentCodeRequired reports whether a project of ownerRole on item
// must name its investment project: a department buying a service for the
// approval of an investment project.
func InvestmentCodeRequired(ownerRole string, it *catalogue.Item) bool {
	return ownerRole == RoleDepartment && it != nil && it.ApprovalRelated
}

// checkInvestmentCode applies the investment code rules to p with its item.
func checkInvestmentCode(p *market.Project, it *catalogue.Item, currentYear int) error {
	if err := ValidateInvestmentCode(p.InvestmentProjectCode, currentYear); err != nil {
		return err
	}
	if p.InvestmentProjectCode == "" && InvestmentCodeRequired(p.OwnerRole, it) {
		return &Error{Code: EINVALID, Reason: ReasonInvestmentCodeRequired, Field: "investment_project_code",
			Message: "A department's purchase of this item serves an investment project's approval: give its investment_project_code."}
	}
	return nil
}
