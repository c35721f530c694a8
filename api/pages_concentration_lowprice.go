package api

import "marketplace/domain"

// lowPriceRows feeds the "low_prices" partial: the abnormally low bids of
// a published result with the explanations and decisions.
type lowPriceRows struct {
	Page  *page
	Items []*domain.LowPriceBid
}
