package domain

import (
	"context"

	"marketplace/domain/market"
)

// ItemLowPriceRule is an item's abnormally-low-price rule as the admin sees
// it: the override, or the platform default when Default is set.
type ItemLowPriceRule struct {
	ItemCode string `json:"item_code"`
	market.LowPriceRule
	Default bool `json:"default"`
}

// SetItemLowPriceRule sets (rule nil: clears) a catalogue item's
// abnormally-low-price rule; admins only, audited. It applies to projects
// closing afterwards.
func (m *Marketplace) SetItemLowPriceRule(ctx context.Context, actor Actor, code string, rule *market.LowPriceRule) (*ItemLowPriceRule, error) {
	if err := Authorize(actor, ActAdminister); err != nil {
		return nil, err
	}
	if rule != nil {
		if err := rule.Validate(); err != nil {
			return nil, err
		}
	}
	out := &ItemLowPriceRule{ItemCode: code, LowPriceRule: market.DefaultLowPriceRule, Default: true}
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
