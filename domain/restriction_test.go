package domain_test

import (
	"strings"
	"testing"

	"marketplace/domain"
)

func TestFindRestriction(t *testing.T) {
	tests := []struct {
		text   string
		phrase string // "" when the text is allowed
	}{
		// allowed: what a project may say
		{"编制某工业园区新建厂房的环境影响报告表，服务期30天。", ""},
		{"需具备测绘资质（法定资质），按《测绘法》执行。", ""},
		{"项目位于武汉市东湖新技术开发区，占地约20亩。", ""},
		{"成果需在2026年12月前提交。", ""},
		{"", ""},
		// registered capital
		{"投标人注册资本不低于500万元", "注册资本"},
		{"注 册 资 本 500 万", "注册资本"},
		{"注\u3000册资金须达到100万元", "注册资金"},
		// local registration / office
		{"须为本市注册的机构", "本市注册"},
		{"须在本地设立办公场所", "本地设立办公"},
		{"本省 内有 办公地点", "本省内有办公"},
		{"在本县登记注册满一年", "本县登记注册"},
		{"限本地机构参与", "限本地"},
		{"当地纳税证明", "当地纳税"},
		// years in business
		{"成立满3年以上", "成立满3年"},
		{"成立满三年", "成立满三年"},
		{"成立时间不少于５年", "成立时间不少于5年"},
		{"从业10年以上", "从业10年"},
		// headcount
		{"员工人数不少于20人", "员工人数不少于20人"},
		{"拥有15名以上专业技术人员", "拥有15名"},
		{"技术人员不低于１０名", "技术人员不低于10名"},
		// branches, designation, pre-selection
		{"在湖北设有分支机构", "分支机构"},
		{"须在武汉设分公司", "分公司"},
		{"由主管部门指定的机构承担", "指定"},
		{"从入围机构中选取", "入围机构"},
		{"限中介机构预选库成员", "预选库"},
		// performance quotas, turnover
		{"近三年类似项目业绩不少于5个", "业绩不少于5个"},
		{"近三年完成同类项目３个以上", "同类项目3个"},
		{"年营业收入不低于1000万元", "营业收入"},
		// qualifications beyond the statutory one
		{"须具备甲级资质", "甲级"},
		{"具有二级及以上资质", "二级及以上资质"},
		{"通过ISO 9001质量管理体系认证", "iso9001"},
		{"ＩＳＯ９００１认证", "iso9001"},
		{"企业信用等级AAA", "信用等级aaa"},
		{"近三年获奖不少于2项", "获奖"},
	}
	for _, tc := range tests {
		t.Run(tc.text, func(t *testing.T) {
			got, label := domain.FindRestriction(tc.text)
			if got != tc.phrase {
				t.Errorf("FindRestriction(%q) = %q (%s), want %q", tc.text, got, label, tc.phrase)
			}
		})
	}
}

func TestCheckRestrictions_NamesThePhrase(t *testing.T) {
	err := domain.CheckRestrictions("description", "要求注册资本不低于500万元")
	e, ok := domain.AsError(err)
	if !ok || e.Reason != "restricted_phrase" || e.Field != "description" || !strings.Contains(e.Message, "注册资本") {
		t.Fatalf("got %#v", err)
	}
}
