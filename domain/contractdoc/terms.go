package contractdoc

import (
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Template is the contract text for one catalogue item, or the default
// (ItemCode ""), edited by administrators. Terms may hold placeholders in
// braces ({owner}, {price}…, see Placeholders) filled at signing.
type Template struct {
	ItemCode     string    `json:"item_code"`
	Deliverables string    `json:"deliverables"`
	Terms        string    `json:"terms"`
	UpdatedAt    time.Time `json:"updated_at"`
	UpdatedBy    int64     `json:"updated_by"`
}

// Placeholders are the names a template may use, each with what it becomes.
var Placeholders = map[string]func(*Document) string{
	"owner":          func(d *Document) string { return d.Owner.Name },
	"agency":         func(d *Document) string { return d.Agency.Name },
	"project":        func(d *Document) string { return d.Title },
	"item":           func(d *Document) string { return d.ItemName },
	"price":          func(d *Document) string { return d.PriceFigures() },
	"price_capitals": func(d *Document) string { return d.PriceCapitals },
	"service_days":   func(d *Document) string { return strconv.Itoa(d.ServiceDays) },
	"start_date":     func(d *Document) string { return d.PeriodStart },
	"end_date":       func(d *Document) string { return d.PeriodEnd },
}

var placeholderPattern = regexp.MustCompile(`\{([a-z_]+)\}`)

// UnknownPlaceholders lists the {names} in text that no placeholder has, so
// an administrator learns of a typo when saving, not in a signed contract.
func UnknownPlaceholders(text string) []string {
	var out []string
	for _, m := range placeholderPattern.FindAllStringSubmatch(text, -1) {
		if _, ok := Placeholders[m[1]]; !ok {
			out = append(out, m[1])
		}
	}
	return out
}

// Render fills the placeholders of the template's terms from d.
func (t Template) Render(d *Document) string { return fill(t.Terms, d) }

// fill replaces the placeholders of text from d; unknown ones stay as
// written (saving refuses them, see UnknownPlaceholders).
func fill(text string, d *Document) string {
	return placeholderPattern.ReplaceAllStringFunc(text, func(m string) string {
		if f, ok := Placeholders[strings.Trim(m, "{}")]; ok {
			return f(d)
		}
		return m
	})
}

// DefaultTemplate is used for an item without a template of its own until
// an administrator saves the default (ItemCode "").
var DefaultTemplate = Template{
	Deliverables: "按照项目公告及本合同约定完成的中介服务成果文件（报告、意见书或图纸等）及其电子版本。",
	Terms: `一、服务内容：乙方为甲方提供“{project}”所需的{item}服务，服务成果须符合国家和行业的有关规定及标准。
二、合同价款：人民币{price}（大写：{price_capitals}），为完成本合同服务的全部费用，甲方不另行支付其他费用。
三、服务期限：自{start_date}起{service_days}日内完成，即不迟于{end_date}。乙方逾期未完成的，平台依据信用规则记录。
四、甲方义务：按约定提供开展服务所需的资料，及时验收服务成果并支付价款。
五、乙方义务：按照法律法规和执业规范独立、客观、公正地开展服务，对服务成果的真实性、合法性负责，不得转包。
六、验收与评价：乙方通过平台提交服务成果，甲方在平台上验收并对服务质量作出评价。
七、争议解决：双方协商解决；协商不成的，依法向项目所在地人民法院提起诉讼。
八、本合同经甲乙双方在中介服务网上交易平台在线签署后生效，平台以其签名密钥对合同文件的SHA-256摘要签名，合同文件以平台保存并公示摘要的版本为准。`,
}
