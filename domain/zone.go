package domain

import "marketplace/domain/calendar"

// PlatformZone is China Standard Time (UTC+8), the one time zone of the
// platform: calendar dates (certificates, contracts, notices, the daily
// bidding caps) and every time shown to a user are read in it. It is
// calendar.Beijing, defined once in the leaf package every other domain
// package can import. A certificate valid until 2026-12-31 is valid to the
// end of that day in this zone.
var PlatformZone = calendar.Beijing
