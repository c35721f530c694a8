package domain

import (
	"context"
	"encoding/json"
	"time"
)

// savedSearchBatch is how many notice events one matching run handles.
const savedSearchBatch = 200

// SavedSearchDigestHour is when the daily digest goes out, platform time
// (08:00 Beijing, midnight UTC).
const SavedSearchDigestHour = 8

// Notification kinds of saved-search alerts (the pages word them by kind).
const (
	SavedSearchAlertKind  = "saved_search.match"
	SavedSearchDigestKind = "saved_search.digest"
)

// MatchSavedSearchesJob drains outbox topic 'saved_search': for each
// published or amended notice, one statement matches every saved search
// and alerts the immediate ones. The outbox rows are completed in the same
// transaction, so a crash before the commit leaves them pending (nothing
// missed) and the unique match key drops any replay (nothing twice). The
// run counts notices, not matches: nothing here concerns bids.
func (m *Marketplace) MatchSavedSearchesJob(ctx context.Context, s Store, now time.Time) (int, error) {
	if _, err := s.PruneOutbox(ctx, SavedSearchTopic, now.Add(-outboxRetention)); err != nil {
		return 0, err
	}
	msgs, err := s.ClaimOutboxMessages(ctx, SavedSearchTopic, now, savedSearchBatch)
	if err != nil || len(msgs) == 0 {
		return 0, err
	}
	ids := make([]int64, 0, len(msgs))
	for _, msg := range msgs {
		ids = append(ids, msg.ID)
		var p struct {
			Action string `json:"action"`
		}
		_ = json.Unmarshal(msg.Payload, &p)
		kind, title := SavedSearchPublished, "订阅的新公告"
		if p.Action == "project.amended" {
			kind, title = SavedSearchAmended, "订阅的公告已更正"
		}
		a := SavedSearchAlert{ProjectID: msg.EntityID, Kind: kind, Now: now, NotificationKind: SavedSearchAlertKind, Title: title}
		if _, err := s.MatchSavedSearches(ctx, a, m.OpenData.Mailer != nil); err != nil {
			return 0, err
		}
	}
	if err := s.CompleteOutbox(ctx, ids, now); err != nil {
		return 0, err
	}
	return len(msgs), nil
}

// SavedSearchDigestBoundary is the latest digest time at or before now:
// 08:00 platform time of now's day, or of the day before.
func SavedSearchDigestBoundary(now time.Time) time.Time {
	local := now.In(PlatformZone)
	b := time.Date(local.Year(), local.Month(), local.Day(), SavedSearchDigestHour, 0, 0, 0, PlatformZone)
	if b.After(now) {
		b = b.AddDate(0, 0, -1)
	}
	return b.UTC()
}

// SavedSearchDigestJob sends the daily digests: every match of a daily
// search made before the last 08:00 (Beijing) and not yet sent becomes part
// of one notification per account, in one statement. It runs as often as
// the scheduler likes; between two 08:00s it finds nothing to do.
func (m *Marketplace) SavedSearchDigestJob(ctx context.Context, s Store, now time.Time) (int, error) {
	b := SavedSearchDigestBoundary(now)
	return s.SendSavedSearchDigests(ctx, SavedSearchDigest{Before: b, Day: b.In(PlatformZone).Format(time.DateOnly), Now: now,
		NotificationKind: SavedSearchDigestKind, Title: "订阅日报"}, m.OpenData.Mailer != nil)
}

// savedSearchFeedSize is how many notices a feed shows.
const savedSearchFeedSize = 50

// SavedSearchFeed reads the saved search behind a feed token and its latest
// matched notices (published ones only). An unknown token is not found.
func (m *Marketplace) SavedSearchFeed(ctx context.Context, token string) (*SavedSearch, []SavedSearchNotice, error) {
	if len(token) < 2*savedSearchTokenBytes || len(token) > 128 {
		return nil, nil, Errorf(ENOTFOUND, "feed_not_found", "No such feed.")
	}
	s, err := m.Store.FindSavedSearchByToken(ctx, token)
	if err != nil {
		return nil, nil, err
	}
	notices, err := m.Store.FindSavedSearchNotices(ctx, s.ID, savedSearchFeedSize)
	return s, notices, err
}
