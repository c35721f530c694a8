package domain

import (
	"marketplace/domain/market"
)

// AmendmentKind is the notification kind of an amendment (market).
const AmendmentKind = market.AmendmentKind
