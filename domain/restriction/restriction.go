// Package restriction finds the thresholds an owner may not set in a
// project's text (restrictive clauses on region, presence, size, age,
// lists, brands and the like); market.CheckRestrictions turns a finding
// into the error a client sees.
package restriction

import (
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"
)

// The seed abolishes every regional, sectoral and departmental restriction on
// agencies (执业限制一律取消; 《优化营商环境条例》 and the guideline's
// "不得设置区域、行业限制"): eligibility is computed by the platform alone
// (domain/eligibility.go). Owners must not smuggle thresholds back in through the
// project text, so publishing is blocked when the title or description holds
// a restriction of one of the classes below. The patterns of each class are
// in rules.go and run on normalised text
// (normalise.go); the corpus in testdata/restrictions.tsv holds
// the sentences each class must catch and the neutral ones it must let pass.

// Restriction classes: stable ids, sent to API clients and used as i18n keys
// (restriction.class.<id>).
const (
	Region              = "region"
	LocalPresence       = "local_presence"
	CapitalSize         = "capital_size"
	YearsInBusiness     = "years_in_business"
	RegionalPerformance = "regional_performance"
	LocalList           = "local_list"
	Brand               = "brand"
	Designation         = "designation"
	PerformanceQuota    = "performance_quota"
	QualificationGrade  = "qualification_grade"
	Certification       = "certification"
	Award               = "award"
)

// Class names one class of restriction; Label is the English name
// used in the API message (pages translate the id instead).
type Class struct {
	ID    string
	Label string
}

// Classes lists every class, in the order the blocker reports them.
var Classes = []Class{
	{Region, "region"},
	{LocalPresence, "local office, branch or staff"},
	{CapitalSize, "registered capital or size"},
	{YearsInBusiness, "years in business"},
	{RegionalPerformance, "past performance in a region"},
	{LocalList, "membership of a list or association"},
	{Brand, "named brand"},
	{Designation, "designated or recommended agency"},
	{PerformanceQuota, "past-performance quota"},
	{QualificationGrade, "qualification grade beyond the statutory one"},
	{Certification, "certification"},
	{Award, "awards or honours"},
}

// Finding is one offending phrase, quoted as the owner wrote it.
type Finding struct {
	Class  string `json:"class"`
	Phrase string `json:"phrase"`
}

// restrictionRule is one pattern of a class. When the pattern has a group
// named "m", that group is the phrase (the rest is context that must be
// there, such as the character before 限 that tells it from 期限). A group
// named "place" is a place name that must pass validPlace.
type restrictionRule struct {
	class string
	re    *regexp.Regexp
}

// Find returns every restriction in text, in the order they
// appear; overlapping matches of one class are reported once.
func Find(text string) []Finding {
	n := normaliseForRestrictions(text)
	type span struct {
		class string
		a, b  int
	}
	var spans []span
	for _, r := range restrictionRules {
		m, place := r.re.SubexpIndex("m"), r.re.SubexpIndex("place")
		for _, loc := range r.re.FindAllStringSubmatchIndex(n.text, -1) {
			a, b := loc[0], loc[1]
			if m > 0 && loc[2*m] >= 0 {
				a, b = loc[2*m], loc[2*m+1]
			}
			if place > 0 && loc[2*place] >= 0 && !validPlace(n.text, loc[2*place], loc[2*place+1]) {
				continue
			}
			if negated(n.text, a) {
				continue
			}
			spans = append(spans, span{r.class, a, b})
		}
	}
	slices.SortStableFunc(spans, func(x, y span) int {
		if x.a != y.a {
			return x.a - y.a
		}
		return classOrder(x.class) - classOrder(y.class)
	})
	// Merge overlapping spans of the same class into one phrase. Spans are
	// sorted by start, so only the class's latest span can overlap.
	var merged []span
	last := map[string]int{}
	for _, s := range spans {
		if i, ok := last[s.class]; ok && s.a < merged[i].b {
			merged[i].b = max(merged[i].b, s.b)
			continue
		}
		last[s.class] = len(merged)
		merged = append(merged, s)
	}
	out := make([]Finding, 0, len(merged))
	for _, s := range merged {
		out = append(out, Finding{Class: s.class, Phrase: n.original(text, s.a, s.b)})
	}
	return out
}

func classOrder(id string) int {
	return slices.IndexFunc(Classes, func(c Class) bool { return c.ID == id })
}

// Label returns the English label of a class id.
func Label(id string) string {
	if i := classOrder(id); i >= 0 {
		return Classes[i].Label
	}
	return id
}

// Negation: notices often say what they do NOT require (不限注册地,
// 不得指定品牌, 取消本地注册、设立分支机构等要求). A match is dropped when
// a negation stands right before it, or when a scope negation stands earlier
// in the same clause (within restrictionNegationWindow characters).
const restrictionNegationWindow = 12

var (
	// adjacentNegations negate a match they touch.
	adjacentNegations = []string{"不得", "不可", "不应", "不能", "不必", "不再", "无需", "不需", "不", "无"}
	// scopeNegations negate every match after them in their clause.
	scopeNegations = []string{"不得设置", "不设置", "不设", "不得以", "不以", "不得要求", "不要求", "不作", "不对",
		"禁止", "严禁", "取消", "无需", "不需", "不限", "不得将", "不将", "不得指定", "不得限定"}
)

func negated(text string, at int) bool {
	before := text[:at]
	for _, w := range adjacentNegations {
		if strings.HasSuffix(before, w) {
			return true
		}
	}
	// The clause before the match, at most restrictionNegationWindow runes.
	start := at
	for i := 0; i < restrictionNegationWindow && start > 0; i++ {
		r, size := utf8.DecodeLastRuneInString(text[:start])
		if strings.ContainsRune(clauseBreaks, r) {
			break
		}
		start -= size
	}
	window := text[start:at]
	for _, w := range scopeNegations {
		if strings.Contains(window, w) {
			return true
		}
	}
	return false
}
