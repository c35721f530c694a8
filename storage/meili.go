package storage

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/meilisearch/meilisearch-go"
	"gorm.io/gorm"

	"marketplace/domain/opendata"
	"marketplace/domain/search"
	"marketplace/domain/searchtext"
)

// MeiliSearch is the Meilisearch engine (large deployments): the same
// search port as the PostgreSQL engine, over two indexes ("projects",
// "agencies") fed from the outbox by the sync_search job and rebuilt by
// reindex. PostgreSQL stays the source of truth: documents are read from
// search_projects / search_agencies, which triggers keep current.
type MeiliSearch struct {
	client       meilisearch.ServiceManager
	prefix       string
	pollInterval time.Duration

	mu       sync.Mutex
	settled  bool // settings applied in this process
	settings map[string]*meilisearch.Settings
}

// MeiliOption configures NewMeiliSearch.
type MeiliOption func(*meiliConfig)

type meiliConfig struct {
	prefix       string
	pollInterval time.Duration
	httpClient   *http.Client
}

// WithMeiliIndexPrefix prefixes the index names (several platforms, or
// tests, sharing one Meilisearch server).
func WithMeiliIndexPrefix(p string) MeiliOption { return func(c *meiliConfig) { c.prefix = p } }

// WithMeiliPollInterval sets how often a task's status is polled (default 50 ms).
func WithMeiliPollInterval(d time.Duration) MeiliOption {
	return func(c *meiliConfig) { c.pollInterval = d }
}

// WithMeiliHTTPClient sets the HTTP client (timeouts, proxies).
func WithMeiliHTTPClient(h *http.Client) MeiliOption {
	return func(c *meiliConfig) { c.httpClient = h }
}

// NewMeiliSearch returns the Meilisearch engine for the server at rawURL.
// Wire it with DB.UseMeiliSearch.
func NewMeiliSearch(rawURL, key string, opts ...MeiliOption) (*MeiliSearch, error) {
	u, err := url.Parse(rawURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("storage: MEILI_URL=%q: want http(s)://host:port", rawURL)
	}
	cfg := meiliConfig{pollInterval: 50 * time.Millisecond, httpClient: &http.Client{Timeout: 30 * time.Second}}
	for _, o := range opts {
		o(&cfg)
	}
	mopts := []meilisearch.Option{meilisearch.WithCustomClient(cfg.httpClient)}
	if key != "" {
		mopts = append(mopts, meilisearch.WithAPIKey(key))
	}
	m := &MeiliSearch{client: meilisearch.New(strings.TrimRight(rawURL, "/"), mopts...), prefix: cfg.prefix, pollInterval: cfg.pollInterval}
	m.settings = map[string]*meilisearch.Settings{
		"projects": {
			SearchableAttributes: []string{"title", "item_name", "owner_name", "awarded_name", "region", "description"},
			FilterableAttributes: []string{"item_code", "region", "status", "funding"},
			SortableAttributes:   []string{"open", "closes_at", "published_at"},
		},
		"agencies": {
			SearchableAttributes: []string{"name", "item_names", "region", "description"},
			FilterableAttributes: []string{"item_codes", "region", "status", "credit_grade"},
			SortableAttributes:   []string{"credit_score", "created_at"},
		},
	}
	for _, st := range m.settings {
		st.Synonyms = searchtext.Synonyms
		st.LocalizedAttributes = []*meilisearch.LocalizedAttributes{{AttributePatterns: []string{"*"}, Locales: []string{"cmn"}}}
		// Typos make sense for Latin words; a Chinese "typo" is another word.
		st.TypoTolerance = &meilisearch.TypoTolerance{Enabled: true,
			MinWordSizeForTypos: meilisearch.MinWordSizeForTypos{OneTypo: 5, TwoTypos: 9},
			DisableOnAttributes: []string{"item_code", "item_codes", "region"}, DisableOnWords: []string{}}
	}
	return m, nil
}

func (m *MeiliSearch) index(name string) string { return m.prefix + name }

// wait polls a task until it ends and turns a failed task into an error.
func (m *MeiliSearch) wait(ctx context.Context, t *meilisearch.TaskInfo, err error) error {
	if err != nil {
		return err
	}
	task, err := m.client.WaitForTask(ctx, t.TaskUID, m.pollInterval)
	if err != nil {
		return fmt.Errorf("meilisearch task %d: %w", t.TaskUID, err)
	}
	if task.Status != meilisearch.TaskStatusSucceeded {
		return fmt.Errorf("meilisearch task %d %s: %s (%s)", t.TaskUID, task.Status, task.Error.Message, task.Error.Code)
	}
	return nil
}

// ensureSettings applies the index settings once per process (the
// settings call is idempotent; Meilisearch creates a missing index).
func (m *MeiliSearch) ensureSettings(ctx context.Context) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.settled {
		return nil
	}
	for _, name := range []string{"projects", "agencies"} {
		if err := m.applySettings(ctx, m.index(name), name); err != nil {
			return err
		}
	}
	m.settled = true
	return nil
}

func (m *MeiliSearch) applySettings(ctx context.Context, uid, kind string) error {
	t, err := m.client.Index(uid).UpdateSettings(ctx, m.settings[kind])
	if err := m.wait(ctx, t, err); err != nil {
		return fmt.Errorf("storage: meilisearch settings %s: %w", uid, err)
	}
	return nil
}

// projectDoc and agencyDoc are the documents sent to Meilisearch; times are
// Unix seconds so that they sort and filter as numbers.
type projectDoc struct {
	ID          int64  `json:"id"`
	Version     int64  `json:"version"`
	Title       string `json:"title"`
	Description string `json:"description"`
	ItemCode    string `json:"item_code"`
	ItemName    string `json:"item_name"`
	Region      string `json:"region"`
	Funding     string `json:"funding"`
	Status      string `json:"status"`
	OwnerName   string `json:"owner_name"`
	AwardedName string `json:"awarded_name"`
	Open        int    `json:"open"`
	ClosesAt    int64  `json:"closes_at"`
	PublishedAt int64  `json:"published_at"`
}

type agencyDoc struct {
	ID          int64    `json:"id"`
	Version     int64    `json:"version"`
	Name        string   `json:"name"`
	Description string   `json:"description"`
	Region      string   `json:"region"`
	Status      string   `json:"status"`
	CreditGrade string   `json:"credit_grade"`
	CreditScore int      `json:"credit_score"`
	ItemCodes   []string `json:"item_codes"`
	ItemNames   string   `json:"item_names"`
	CreatedAt   int64    `json:"created_at"`
}

type docSourceRow struct {
	ID, Version                                                     int64
	Title, Description, ItemCode, ItemName, Region, Funding, Status string
	OwnerName, AwardedName, CreditGrade, ItemCodes, ItemNames       string
	CreditScore                                                     int
	ClosesAt, CreatedAt                                             time.Time
	PublishedAt                                                     *time.Time
}

// projectDocSources and agencyDocSources select the search documents as
// docSourceRow reads them; callers add which ones.
func projectDocSources(db *gorm.DB) *gorm.DB {
	return db.Table("search_projects").Select(`project_id AS id, version, title, description, item_code, item_name, region, funding, status,
	owner_name, awarded_name, closes_at, published_at`)
}

func agencyDocSources(db *gorm.DB) *gorm.DB {
	return db.Table("search_agencies").Select(`agency_id AS id, version, name AS title, description, region, status, credit_grade, credit_score,
	array_to_string(item_codes, ',') AS item_codes, item_names, created_at`)
}

// meiliSources are the documents of each Meilisearch index: the outbox
// entity, the index, its source and the source's key.
var meiliSources = []struct {
	entity, index string
	docs          func(*gorm.DB) *gorm.DB
	key           string
}{
	{"project", "projects", projectDocSources, "project_id"},
	{"agency", "agencies", agencyDocSources, "agency_id"},
}

func toProjectDoc(r docSourceRow) projectDoc {
	d := projectDoc{ID: r.ID, Version: r.Version, Title: r.Title, Description: r.Description, ItemCode: r.ItemCode,
		ItemName: r.ItemName, Region: r.Region, Funding: r.Funding, Status: r.Status, OwnerName: r.OwnerName,
		AwardedName: r.AwardedName, ClosesAt: r.ClosesAt.Unix()}
	if r.Status == "bidding" {
		d.Open = 1
	}
	if r.PublishedAt != nil {
		d.PublishedAt = r.PublishedAt.Unix()
	}
	return d
}

func toAgencyDoc(r docSourceRow) agencyDoc {
	codes := []string{}
	if r.ItemCodes != "" {
		codes = strings.Split(r.ItemCodes, ",")
	}
	return agencyDoc{ID: r.ID, Version: r.Version, Name: r.Title, Description: r.Description, Region: r.Region,
		Status: r.Status, CreditGrade: r.CreditGrade, CreditScore: r.CreditScore, ItemCodes: codes,
		ItemNames: r.ItemNames, CreatedAt: r.CreatedAt.Unix()}
}

// sync pushes the current documents named by entries: upserts those that
// exist, deletes those that are gone. Entries naming one document collapse
// into one push of its latest version.
func (m *MeiliSearch) sync(ctx context.Context, db *DB, entries []*opendata.OutboxEntry) (int, error) {
	if err := m.ensureSettings(ctx); err != nil {
		return 0, err
	}
	sent := 0
	ids := map[string]map[int64]bool{"project": {}, "agency": {}}
	for _, e := range entries {
		if ids[e.Entity] != nil {
			ids[e.Entity][e.EntityID] = true
		}
	}
	for _, k := range meiliSources {
		want := ids[k.entity]
		if len(want) == 0 {
			continue
		}
		list := make([]int64, 0, len(want))
		for id := range want {
			list = append(list, id)
		}
		var rows []docSourceRow
		if err := k.docs(db.db.WithContext(ctx)).Where(k.key+" IN ?", list).Scan(&rows).Error; err != nil {
			return 0, fmt.Errorf("storage: load %s documents: %w", k.entity, err)
		}
		docs := make([]any, 0, len(rows))
		for _, r := range rows {
			delete(want, r.ID)
			if k.entity == "project" {
				docs = append(docs, toProjectDoc(r))
			} else {
				docs = append(docs, toAgencyDoc(r))
			}
		}
		idx := m.client.Index(m.index(k.index))
		pk := "id"
		if len(docs) > 0 {
			t, err := idx.AddDocuments(ctx, docs, &meilisearch.DocumentOptions{PrimaryKey: &pk})
			if err := m.wait(ctx, t, err); err != nil {
				return 0, fmt.Errorf("storage: meilisearch add %s: %w", k.index, err)
			}
			sent += len(docs)
		}
		if len(want) > 0 {
			gone := make([]string, 0, len(want))
			for id := range want {
				gone = append(gone, strconv.FormatInt(id, 10))
			}
			t, err := idx.DeleteDocuments(ctx, gone, nil)
			if err := m.wait(ctx, t, err); err != nil {
				return 0, fmt.Errorf("storage: meilisearch delete %s: %w", k.index, err)
			}
			sent += len(gone)
		}
	}
	return sent, nil
}

// meiliReindexBatch is how many documents one add-documents call carries.
const meiliReindexBatch = 2000

// reindex rebuilds each index into a fresh one and swaps it in, so that
// searches keep answering from the old index until the new one is complete.
func (m *MeiliSearch) reindex(ctx context.Context, db *DB, progress search.ReindexProgress) error {
	for _, k := range meiliSources {
		live, tmp := m.index(k.index), m.index(k.index)+"_reindex"
		m.client.DeleteIndex(ctx, tmp) // leftovers of an interrupted run; a missing index is fine
		pk := "id"
		t, err := m.client.CreateIndex(ctx, &meilisearch.IndexConfig{Uid: tmp, PrimaryKey: pk})
		if err := m.wait(ctx, t, err); err != nil {
			return fmt.Errorf("storage: meilisearch create %s: %w", tmp, err)
		}
		if err := m.applySettings(ctx, tmp, k.index); err != nil {
			return err
		}
		var total int64
		if err := db.db.WithContext(ctx).Table("search_" + k.index).Count(&total).Error; err != nil {
			return fmt.Errorf("storage: count %s: %w", k.index, err)
		}
		done, after := 0, int64(0)
		progress("meilisearch "+k.index, 0, int(total))
		for {
			var rows []docSourceRow
			err := k.docs(db.db.WithContext(ctx)).Where(k.key+" > ?", after).Order(k.key).Limit(meiliReindexBatch).Scan(&rows).Error
			if err != nil {
				return fmt.Errorf("storage: read %s documents: %w", k.index, err)
			}
			if len(rows) == 0 {
				break
			}
			docs := make([]any, len(rows))
			for i, r := range rows {
				if k.entity == "project" {
					docs[i] = toProjectDoc(r)
				} else {
					docs[i] = toAgencyDoc(r)
				}
			}
			t, err := m.client.Index(tmp).AddDocuments(ctx, docs, &meilisearch.DocumentOptions{PrimaryKey: &pk})
			if err := m.wait(ctx, t, err); err != nil {
				return fmt.Errorf("storage: meilisearch add %s: %w", tmp, err)
			}
			after = rows[len(rows)-1].ID
			done += len(rows)
			progress("meilisearch "+k.index, done, int(total))
		}
		_, err = m.client.GetIndex(ctx, live)
		rename := false
		var me *meilisearch.Error
		if errors.As(err, &me) && me.StatusCode == http.StatusNotFound {
			rename, err = true, nil
		}
		if err != nil {
			return fmt.Errorf("storage: meilisearch get %s: %w", live, err)
		}
		t, err = m.client.SwapIndexes(ctx, []*meilisearch.SwapIndexesParams{{Indexes: []string{live, tmp}, Rename: rename}})
		if err := m.wait(ctx, t, err); err != nil {
			return fmt.Errorf("storage: meilisearch swap %s: %w", live, err)
		}
		if !rename {
			t, err = m.client.DeleteIndex(ctx, tmp)
			if err := m.wait(ctx, t, err); err != nil {
				return fmt.Errorf("storage: meilisearch delete %s: %w", tmp, err)
			}
		}
	}
	m.mu.Lock()
	m.settled = true
	m.mu.Unlock()
	return nil
}
