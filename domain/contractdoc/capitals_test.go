package contractdoc

import (
	"errors"
	"testing"
)

func TestCapitals(t *testing.T) {
	for _, c := range []struct {
		fen  int64
		want string
	}{
		{0, "零元整"},
		{5, "伍分"},
		{50, "伍角整"},
		{55, "伍角伍分"},
		{100, "壹元整"},
		{150, "壹元伍角整"},
		{105, "壹元零伍分"},
		{1000, "壹拾元整"},
		{1005, "壹拾元零伍分"},
		{100500, "壹仟零伍元整"},
		{1010, "壹拾元壹角整"},
		{10100, "壹佰零壹元整"},
		{11000, "壹佰壹拾元整"},
		{10000000, "壹拾万元整"},
		{1000110, "壹万零壹元壹角整"},
		{1010000, "壹万零壹佰元整"},
		{10100000, "壹拾万壹仟元整"},
		{100010000, "壹佰万零壹佰元整"},
		{101000000, "壹佰零壹万元整"},
		{1010000000, "壹仟零壹拾万元整"},
		{1234567891, "壹仟贰佰叁拾肆万伍仟陆佰柒拾捌元玖角壹分"},
		{10000000000, "壹亿元整"},
		{10001000000, "壹亿零壹万元整"},
		{11000000000, "壹亿壹仟万元整"},
		{10000000100, "壹亿零壹元整"},
		{123456789012, "壹拾贰亿叁仟肆佰伍拾陆万柒仟捌佰玖拾元壹角贰分"},
		{100000000000000, "壹万亿元整"},
		{99999999999999, "玖仟玖佰玖拾玖亿玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元玖角玖分"},
		{10000000001000, "壹仟亿零壹拾元整"},
	} {
		got, err := Capitals(c.fen)
		if err != nil || got != c.want {
			t.Errorf("Capitals(%d) = %q, %v; want %q", c.fen, got, err, c.want)
		}
	}
}

func TestCapitalsRefusesOutOfRange(t *testing.T) {
	for _, fen := range []int64{-1, -100, MaxFen + 1} {
		if got, err := Capitals(fen); !errors.Is(err, ErrAmountRange) {
			t.Errorf("Capitals(%d) = %q, %v; want ErrAmountRange", fen, got, err)
		}
	}
}
