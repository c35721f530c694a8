package domain

import "context"

// ItemLowPriceRule is an item's abnormally-low-price rule as the admin sees
// it: the override, or the platform default when Default is set.
type ItemLowPriceRule struct {
	ItemCode string `json:"item_code"`
	LowPriceRule
	Default bool `json:"default"`
}

func (r LowPriceRule) validate() error {
	if r.MedianPercent < 1 || r.MedianPercent > 100 {
		return FieldError("median_percent", "median_percent_range", "median_percent must be between 1 and 100.")
	}
	if r.CeilingPercent < 0 || r.CeilingPercent > 100 {
		return FieldError("ceiling_percent", "ceiling_percent_range", "ceiling_percent must be between 0 and 100 (0: no ceiling term).")
	}
	return nil
}

// SetItemLowPriceRule sets (rule nil: clears) a catalogue item's
// abnormally-low-price rule; admins only, audited. It applies to projects
// closing afterwards.
func (m *Marketplace) SetItemLowPriceRule(ctx context.Context, actor Actor, code string, rule *LowPriceRule) (*ItemLowPriceRule, error) {
	if err := Authorize(actor, ActAdminister); err != nil {
		return nil, err
	}
	if rule != nil {
		if err := rule.validate(); err != nil {
			return nil, err
		}
	}
	out := &ItemLowPriceRule{ItemCode: code, LowPriceRule: DefaultLowPriceRule, Default: true}
	if rule != nil {
		out.LowPriceRule, out.Default = *rule, false
	}
	err := m.Store.InTx(ctx, func(s Store) error {
		if err := s.SetLowPriceRule(ctx, code, rule); err != nil {
			return err
		}
		return s.AppendAudit(ctx, NewAudit(actor, "catalogue.low_price_rule_set", "catalogue_item", code,
			map[string]any{"rule": rule}))
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}
