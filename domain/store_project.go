package domain

// ProjectStore persists projects, bids and auctions (bidding issue).
type ProjectStore interface{}
