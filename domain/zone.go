package domain

import "time"

// PlatformZone is China Standard Time (UTC+8), the one time zone of the
// platform: calendar dates (certificates, contracts, notices, the daily
// bidding caps) and every time shown to a user are read in it. It is a fixed
// zone, since China has no daylight saving, so that the binary needs no
// time-zone database. A certificate valid until 2026-12-31 is valid to the
// end of that day in this zone.
var PlatformZone = time.FixedZone("CST", 8*3600)
