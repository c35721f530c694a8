package search

import (
	"context"
	"encoding/json"
	"time"

	"marketplace/domain/calendar"
	"marketplace/domain/kernel"
	"marketplace/domain/opendata"
)

// matchBatch is how many notice events one matching run handles.
const matchBatch = 200

// DigestHour is when the daily digest goes out, platform time
// (08:00 Beijing, midnight UTC).
const DigestHour = 8

// Notification kinds of saved-search alerts (the pages word them by kind).
const (
	AlertKind  = "saved_search.match"
	DigestKind = "saved_search.digest"
)

// MatchSavedJob is the match_saved_searches job: it drains outbox topic 'saved_search': for each
// published or amended notice, one statement matches every saved search
// and alerts the immediate ones. The outbox rows are completed in the same
// transaction, so a crash before the commit leaves them pending (nothing
// missed) and the unique match key drops any replay (nothing twice). The
// run counts notices, not matches: nothing here concerns bids.
func MatchSavedJob(ctx context.Context, s MatchTx, now time.Time, mail bool) (int, error) {
	if _, err := s.PruneOutbox(ctx, SavedTopic, now.Add(-opendata.OutboxRetention)); err != nil {
		return 0, err
	}
	msgs, err := s.ClaimOutboxMessages(ctx, SavedTopic, now, matchBatch)
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
		kind, title := Published, "订阅的新公告"
		if p.Action == "project.amended" {
			kind, title = Amended, "订阅的公告已更正"
		}
		a := SavedAlert{ProjectID: msg.EntityID, Kind: kind, Now: now, NotificationKind: AlertKind, Title: title}
		if _, err := s.MatchSavedSearches(ctx, a, mail); err != nil {
			return 0, err
		}
	}
	if err := s.CompleteOutbox(ctx, ids, now); err != nil {
		return 0, err
	}
	return len(msgs), nil
}

// DigestBoundary is the latest digest time at or before now:
// 08:00 platform time of now's day, or of the day before.
func DigestBoundary(now time.Time) time.Time {
	local := now.In(calendar.Beijing)
	b := time.Date(local.Year(), local.Month(), local.Day(), DigestHour, 0, 0, 0, calendar.Beijing)
	if b.After(now) {
		b = b.AddDate(0, 0, -1)
	}
	return b.UTC()
}

// DigestJob is the saved_search_digest job: it sends the daily digests: every match of a daily
// search made before the last 08:00 (Beijing) and not yet sent becomes part
// of one notification per account, in one statement. It runs as often as
// the scheduler likes; between two 08:00s it finds nothing to do.
func DigestJob(ctx context.Context, s SavedStore, now time.Time, mail bool) (int, error) {
	b := DigestBoundary(now)
	return s.SendSavedSearchDigests(ctx, SavedDigest{Before: b, Day: b.In(calendar.Beijing).Format(time.DateOnly), Now: now,
		NotificationKind: DigestKind, Title: "订阅日报"}, mail)
}

// feedSize is how many notices a feed shows.
const feedSize = 50

// Feed reads the saved search behind a feed token and its latest
// matched notices (published ones only). An unknown token is not found.
func (sv *Service) Feed(ctx context.Context, token string) (*Saved, []SavedNotice, error) {
	if len(token) < 2*feedTokenBytes || len(token) > 128 {
		return nil, nil, kernel.Errorf(kernel.ENOTFOUND, "feed_not_found", "No such feed.")
	}
	s, err := sv.Store.FindSavedSearchByToken(ctx, token)
	if err != nil {
		return nil, nil, err
	}
	notices, err := sv.Store.FindSavedSearchNotices(ctx, s.ID, feedSize)
	return s, notices, err
}
