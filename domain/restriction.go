package domain

import (
	"regexp"
	"strings"
	"unicode"
)

// The seed abolishes every regional, sectoral and departmental restriction on
// agencies (执业限制一律取消): eligibility is computed by the platform alone
// (eligibility.go). Owners must not smuggle thresholds back in through the
// project text, so publishing is blocked when the title or description holds
// one of the phrases below. This is the maintained list: add a pattern with a
// test case in restriction_test.go. Patterns run on normalised text (see
// normalizeForRestrictions): full-width characters folded to ASCII, all
// white space removed, lower case.
type restrictionPattern struct {
	// Label names the kind of threshold in the error message.
	Label string
	re    *regexp.Regexp
}

// num matches an Arabic or Chinese number.
const num = `[0-9一二三四五六七八九十百千万两]+`

// near allows a few characters between the parts of a phrase, but never
// across a sentence or clause break.
const near = `[^，。；,.;:：!！?？]{0,8}`

var restrictionPatterns = []restrictionPattern{
	{"registered capital (注册资本)", regexp.MustCompile(`注册资本|注册资金|实缴资本`)},
	{"local registration or office (本地注册/办公)", regexp.MustCompile(
		`(本地|本市|本省|本县|本区|当地|省内|市内|县内|区内|辖区内)` + near + `(注册|设立|登记|成立|办公|分公司|常驻|驻场|驻点|纳税|社保)`)},
	{"locals only (限本地机构)", regexp.MustCompile(`(限|仅限)` + near + `(本地|本市|本省|本县|当地)`)},
	{"years in business (成立年限)", regexp.MustCompile(
		`(成立|经营|注册|设立|从业|执业)` + near + num + `(个)?(周)?年`)},
	{"headcount (人员数量)", regexp.MustCompile(
		`(员工|职工|人员|人数|工程师|技术人员|专职|在职)` + near + num + `(人|名)`)},
	{"headcount (人员数量)", regexp.MustCompile(
		`(不少于|不低于|不得少于|至少|拥有|具备|配备|达到)` + num + `(名|人)`)},
	{"branch offices (分支机构)", regexp.MustCompile(`分支机构|分公司|办事处`)},
	{"designation (指定)", regexp.MustCompile(`指定|变相指定`)},
	{"recommended or pre-selected agencies (推荐/入围)", regexp.MustCompile(`推荐` + near + `(机构|单位|中介)|(预选|备选|入围|短名单|名录)库|入围机构|短名单`)},
	{"past-performance quota (业绩)", regexp.MustCompile(
		`业绩` + near + `(不少于|不低于|至少|以上|要求|` + num + `(个|项|份|次|万))`)},
	{"past-performance quota (业绩)", regexp.MustCompile(
		`(类似|同类|相关)项目` + near + num + `(个|项|份|次)`)},
	{"turnover or assets (营业收入/资产)", regexp.MustCompile(`营业收入|营业额|年产值|净资产|总资产|纳税额`)},
	{"qualification grade beyond the statutory one (资质等级)", regexp.MustCompile(
		`(甲|乙|丙|特)级|[一二三123]级` + near + `(资质|资格)|资质` + near + `(等级|以上)`)},
	{"certifications beyond the statutory one (认证)", regexp.MustCompile(`iso` + near + `[0-9]{4,5}|体系认证|aaa|信用等级` + near + `(以上|a)`)},
	{"awards or honours (获奖/荣誉)", regexp.MustCompile(`获奖|荣誉|奖项`)},
}

// normalizeForRestrictions folds full-width ASCII variants and the
// ideographic space, drops every white-space and zero-width character (so
// "注 册 资 本" and "注\u3000册资本" match) and lower-cases.
func normalizeForRestrictions(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= 0xFF01 && r <= 0xFF5E:
			r -= 0xFEE0
		case r == 0x3000 || unicode.IsSpace(r) || r == 0x200B || r == 0x200C || r == 0x200D || r == 0xFEFF:
			continue
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

// FindRestriction returns the first restriction phrase in text and its
// label, or "" when there is none.
func FindRestriction(text string) (phrase, label string) {
	n := normalizeForRestrictions(text)
	for _, p := range restrictionPatterns {
		if m := p.re.FindString(n); m != "" {
			return m, p.Label
		}
	}
	return "", ""
}

// CheckRestrictions refuses text holding a threshold the owner may not set,
// naming the phrase.
func CheckRestrictions(field, text string) error {
	phrase, label := FindRestriction(text)
	if phrase == "" {
		return nil
	}
	return FieldError(field, "restricted_phrase",
		"The %s contains the restriction phrase %q (%s). Owners may not add thresholds beyond the item's statutory qualification: eligibility to bid is computed by the platform alone.",
		field, phrase, label)
}
