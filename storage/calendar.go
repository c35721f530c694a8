package storage

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm/clause"

	"marketplace/domain/calendar"
)

// calendarOverrideRow is a row of calendar_overrides.
type calendarOverrideRow struct {
	Day       string `gorm:"primaryKey"`
	Working   bool
	Reason    string
	CreatedBy int64
	CreatedAt time.Time
}

func (calendarOverrideRow) TableName() string { return "calendar_overrides" }

// FindCalendarOverrides implements calendar.OverrideStore.
func (s *DB) FindCalendarOverrides(ctx context.Context) ([]calendar.Override, error) {
	var rows []calendarOverrideRow
	if err := s.db.WithContext(ctx).Table("calendar_overrides").
		Select("to_char(day, 'YYYY-MM-DD') AS day, working, reason, created_by, created_at").Order("day").Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("storage: find calendar overrides: %w", err)
	}
	out := make([]calendar.Override, 0, len(rows))
	for _, r := range rows {
		d, err := calendar.ParseDate(r.Day)
		if err != nil {
			return nil, fmt.Errorf("storage: calendar override %q: %w", r.Day, err)
		}
		out = append(out, calendar.Override{Day: calendar.Day{Date: d, Working: r.Working, Name: r.Reason, Source: calendar.SourceOverride},
			CreatedBy: r.CreatedBy, CreatedAt: r.CreatedAt})
	}
	return out, nil
}

// SaveCalendarOverride implements calendar.OverrideStore.
func (s *DB) SaveCalendarOverride(ctx context.Context, o calendar.Override) error {
	row := calendarOverrideRow{Day: o.Date.String(), Working: o.Working, Reason: o.Name, CreatedBy: o.CreatedBy, CreatedAt: o.CreatedAt}
	err := s.db.WithContext(ctx).Clauses(clause.OnConflict{
		Columns:   []clause.Column{{Name: "day"}},
		DoUpdates: clause.AssignmentColumns([]string{"working", "reason", "created_by", "created_at"}),
	}).Create(&row).Error
	if err != nil {
		return fmt.Errorf("storage: save calendar override %s: %w", o.Date, err)
	}
	return nil
}
