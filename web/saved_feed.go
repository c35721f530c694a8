package web

import (
	"net/http"
	"strconv"
	"time"

	"github.com/gorilla/feeds"
	"github.com/labstack/echo/v4"
	"github.com/nicksnyder/go-i18n/v2/i18n"

	"marketplace/domain/search"
)

// handleSavedSearchFeed is a saved search's Atom feed: the published
// notices it matched, newest first. The unguessable token in the path is
// the only key, so a feed reader needs no login; an unknown token is 404.
// Only public facts of published notices are listed.
func (p *Portal) handleSavedSearchFeed(c echo.Context) error {
	ctx := c.Request().Context()
	s, notices, err := p.market.Searches().Feed(ctx, c.Param("token"))
	if err != nil {
		return err
	}
	base := c.Scheme() + "://" + c.Request().Host
	updated := s.CreatedAt
	if len(notices) > 0 {
		updated = notices[0].MatchedAt
	}
	v := p.newPage(c, "", "saved.title")
	f := &feeds.Feed{
		Title:   v.tr("saved.feed_title", map[string]any{"Name": s.Name}),
		Link:    &feeds.Link{Href: base + "/projects"},
		Id:      base + search.FeedPathOf(s.FeedToken),
		Updated: updated.UTC(),
		Created: s.CreatedAt.UTC(),
	}
	for _, n := range notices {
		link := base + "/projects/" + strconv.FormatInt(n.ProjectID, 10)
		title := n.Title
		if n.Kind == search.Amended {
			title = v.tr("saved.feed_amended", map[string]any{"Title": n.Title})
		}
		f.Items = append(f.Items, &feeds.Item{
			Id:          link + "#" + n.Kind,
			Title:       title,
			Link:        &feeds.Link{Href: link},
			Description: n.ItemName + " · " + n.Region + " · " + n.Description,
			Created:     n.PublishedAt.UTC(),
			Updated:     n.MatchedAt.UTC().Truncate(time.Second),
		})
	}
	atom, err := f.ToAtom()
	if err != nil {
		return err
	}
	c.Response().Header().Set("Cache-Control", "private, max-age=60")
	return c.Blob(http.StatusOK, "application/atom+xml; charset=utf-8", []byte(atom))
}

// tr translates a message id with named parameters.
func (v *page) tr(id string, data map[string]any) string {
	s, err := v.loc.Localize(&i18n.LocalizeConfig{MessageID: id, TemplateData: data})
	if err != nil {
		return id
	}
	return s
}
