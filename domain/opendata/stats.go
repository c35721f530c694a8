package opendata

import (
	"bytes"
	"context"
	"strconv"
	"time"

	"marketplace/domain/kernel"
)

// StatCount is one bucket of a breakdown.
type StatCount struct {
	Key   string `json:"key"`
	Label string `json:"label"`
	Count int    `json:"count"`
}

// DepartmentSpending is what one department paid intermediaries in one year.
type DepartmentSpending struct {
	DepartmentID int64        `json:"department_id"`
	Department   string       `json:"department"`
	Year         int          `json:"year"`
	Amount       kernel.Money `json:"amount"`
	Payments     int          `json:"payments"`
}

// Stats are the public statistics (SPEC §1 公开, §7). Nothing here counts
// sealed bids: bid figures come only from projects whose bidding closed,
// and drafts are never counted. Averages are nil when nothing qualifies.
type Stats struct {
	GeneratedAt       time.Time    `json:"generated_at"`
	AgenciesTotal     int          `json:"agencies_total"`
	AgenciesByItem    []StatCount  `json:"agencies_by_item"`
	AgenciesByRegion  []StatCount  `json:"agencies_by_region"`
	ProjectsByStatus  []StatCount  `json:"projects_by_status"`
	ProjectsByMethod  []StatCount  `json:"projects_by_method"`
	ClosedProjects    int          `json:"closed_projects"`
	AverageValidBids  *float64     `json:"average_valid_bids"`
	AwardedProjects   int          `json:"awarded_projects"`
	CeilingTotal      kernel.Money `json:"ceiling_total"`
	AwardedTotal      kernel.Money `json:"awarded_total"`
	SavingTotal       kernel.Money `json:"saving_total"`
	AverageSavingRate *float64     `json:"average_saving_rate"`
	// MedianHoursToAward is the median time from publication to award (the
	// end of publicity), in hours.
	MedianHoursToAward      *float64             `json:"median_hours_to_award"`
	AwardedWithoutObjection int                  `json:"awarded_without_objection"`
	ShareWithoutObjection   *float64             `json:"share_without_objection"`
	DepartmentSpending      []DepartmentSpending `json:"department_spending"`
}

// statusLabels are the Chinese names of project states in reports.
var statusLabels = map[string]string{
	"bidding": "投标中", "evaluating": "评审中", "failed": "流标", "publicity": "公示中", "awarded": "已成交",
	"contracted": "已签约", "delivered": "已交付", "accepted": "已验收", "completed": "已完成", "cancelled": "已取消",
}

// Stats computes the public statistics; anyone may read them.
func (pub *Publisher) Stats(ctx context.Context) (*Stats, error) {
	st, err := pub.Store.ComputeStats(ctx)
	if err != nil {
		return nil, err
	}
	for _, p := range []*[]StatCount{&st.AgenciesByItem, &st.AgenciesByRegion, &st.ProjectsByStatus, &st.ProjectsByMethod} {
		if *p == nil {
			*p = []StatCount{}
		}
	}
	for i, c := range st.ProjectsByStatus {
		if l, ok := statusLabels[c.Key]; ok {
			st.ProjectsByStatus[i].Label = l
		}
	}
	for i, c := range st.ProjectsByMethod {
		if l, ok := MethodDetails[c.Key]; ok {
			st.ProjectsByMethod[i].Label = l
		}
	}
	if st.DepartmentSpending == nil {
		st.DepartmentSpending = []DepartmentSpending{}
	}
	return st, nil
}

// CSV renders the statistics as rows of section,key,label,value.
func (st *Stats) CSV() []byte {
	var buf bytes.Buffer
	w := NewCSVWriter(&buf)
	row := func(section, key, label, value string) { _ = w.Write([]string{section, key, label, value}) }
	f := func(v *float64) string {
		if v == nil {
			return ""
		}
		return strconv.FormatFloat(*v, 'f', 2, 64)
	}
	row("section", "key", "label", "value")
	row("agencies", "total", "入驻中介机构", strconv.Itoa(st.AgenciesTotal))
	for _, c := range st.AgenciesByItem {
		row("agencies_by_item", c.Key, c.Label, strconv.Itoa(c.Count))
	}
	for _, c := range st.AgenciesByRegion {
		row("agencies_by_region", c.Key, c.Label, strconv.Itoa(c.Count))
	}
	for _, c := range st.ProjectsByStatus {
		row("projects_by_status", c.Key, c.Label, strconv.Itoa(c.Count))
	}
	for _, c := range st.ProjectsByMethod {
		row("projects_by_method", c.Key, c.Label, strconv.Itoa(c.Count))
	}
	row("bids", "closed_projects", "已截止项目", strconv.Itoa(st.ClosedProjects))
	row("bids", "average_valid_bids", "平均有效投标数", f(st.AverageValidBids))
	row("savings", "awarded_projects", "已成交项目", strconv.Itoa(st.AwardedProjects))
	row("savings", "ceiling_total", "最高限价合计", st.CeilingTotal.String())
	row("savings", "awarded_total", "成交金额合计", st.AwardedTotal.String())
	row("savings", "saving_total", "节约资金", st.SavingTotal.String())
	row("savings", "average_saving_rate", "平均节约率(%)", f(st.AverageSavingRate))
	row("timing", "median_hours_to_award", "发布至成交中位时长(小时)", f(st.MedianHoursToAward))
	row("objections", "awarded_without_objection", "无异议成交项目", strconv.Itoa(st.AwardedWithoutObjection))
	row("objections", "share_without_objection", "无异议成交占比", f(st.ShareWithoutObjection))
	for _, d := range st.DepartmentSpending {
		row("department_spending", strconv.FormatInt(d.DepartmentID, 10)+"/"+strconv.Itoa(d.Year), d.Department, d.Amount.String())
	}
	w.Flush()
	return buf.Bytes()
}
