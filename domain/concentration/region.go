package concentration

import (
	"strings"
	"unicode/utf8"
)

// municipalities are the province-level cities: their "province" ends in 市
// and their districts play the part of cities.
var municipalities = []string{"北京市", "天津市", "上海市", "重庆市"}

// provinceSuffixes end a province name, longest first (广西壮族自治区).
var provinceSuffixes = []string{"特别行政区", "自治区", "省"}

// citySuffixes end a prefecture-level name after the province (武汉市,
// 恩施土家族苗族自治州, 大兴安岭地区, 锡林郭勒盟).
var citySuffixes = []string{"地区", "市", "州", "盟"}

// Levels returns the province and the city a project region lies in, the
// way regions are written on the platform: names ("湖北省武汉市洪山区" →
// "湖北省", "湖北省武汉市") or six-digit administrative codes ("420111" →
// "420000", "420100"). For a municipality the district is the city level
// ("上海市浦东新区" → "上海市", "上海市浦东新区"). An unrecognised region
// gives "", "": it is counted in no market.
func Levels(region string) (province, city string) {
	region = strings.TrimSpace(region)
	if isCode(region) {
		if region[:2] == "00" {
			return "", ""
		}
		province = region[:2] + "0000"
		if region[2:4] != "00" {
			city = region[:4] + "00"
		}
		return province, city
	}
	for _, m := range municipalities {
		if strings.HasPrefix(region, m) {
			return m, districtOf(region, m)
		}
	}
	for _, suf := range provinceSuffixes {
		if i := strings.Index(region, suf); i > 0 {
			province = region[:i+len(suf)]
			return province, cityOf(region, province)
		}
	}
	return "", ""
}

func cityOf(region, province string) string {
	rest := region[len(province):]
	best := -1
	bestLen := 0
	for _, suf := range citySuffixes {
		if i := strings.Index(rest, suf); i > 0 && (best < 0 || i < best) {
			best, bestLen = i, len(suf)
		}
	}
	if best < 0 {
		return ""
	}
	return province + rest[:best+bestLen]
}

// districtOf is the first 区 or 县 of a municipality's region.
func districtOf(region, m string) string {
	rest := region[len(m):]
	best := -1
	for _, suf := range []string{"区", "县"} {
		if i := strings.Index(rest, suf); i > 0 && (best < 0 || i < best) {
			best = i
		}
	}
	if best < 0 {
		return ""
	}
	_, size := utf8.DecodeRuneInString(rest[best:])
	return m + rest[:best+size]
}

func isCode(s string) bool {
	if len(s) != 6 {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}
