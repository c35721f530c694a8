package storage_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"
)

// fakeMeili is an in-memory stand-in for a Meilisearch server, enough for
// the requests the adapter makes through meilisearch-go. It records every
// request, answers in the shapes of Meilisearch's API reference (task
// objects, 202 summarised tasks, search responses, error objects), and
// reports a task as "enqueued" on its first poll so that the client's
// polling is exercised.
type fakeMeili struct {
	t   testing.TB
	srv *httptest.Server
	key string

	mu       sync.Mutex
	reqs     []fakeReq
	tasks    map[int64]*fakeTask
	nextTask int64
	indexes  map[string]map[string]json.RawMessage // uid → id → document
	settings map[string]json.RawMessage
	// failTasks makes every new task end "failed" (a rejected batch).
	failTasks bool
	// searchResponse is returned by the next search, as raw JSON.
	searchResponse string
}

type fakeReq struct {
	Method, Path, Query, Auth string
	Body                      string
}

type fakeTask struct {
	uid          int64
	index, kind  string
	polls        int
	failed       bool
	apply        func()
	appliedOrNot bool
}

func newFakeMeili(t testing.TB, key string) *fakeMeili {
	f := &fakeMeili{t: t, key: key, tasks: map[int64]*fakeTask{}, indexes: map[string]map[string]json.RawMessage{},
		settings: map[string]json.RawMessage{}}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fakeMeili) requests(method, pathPrefix string) []fakeReq {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []fakeReq
	for _, r := range f.reqs {
		if r.Method == method && strings.HasPrefix(r.Path, pathPrefix) {
			out = append(out, r)
		}
	}
	return out
}

func (f *fakeMeili) docs(index string) map[string]json.RawMessage {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := map[string]json.RawMessage{}
	for k, v := range f.indexes[index] {
		out[k] = v
	}
	return out
}

func (f *fakeMeili) enqueue(w http.ResponseWriter, index, kind string, apply func()) {
	f.nextTask++
	task := &fakeTask{uid: f.nextTask, index: index, kind: kind, failed: f.failTasks, apply: apply}
	f.tasks[task.uid] = task
	writeJSON(w, http.StatusAccepted, map[string]any{"taskUid": task.uid, "indexUid": index, "status": "enqueued",
		"type": kind, "enqueuedAt": time.Now().UTC().Format(time.RFC3339Nano)})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

func meiliError(w http.ResponseWriter, status int, code, msg string) {
	writeJSON(w, status, map[string]string{"message": msg, "code": code, "type": "invalid_request",
		"link": "https://docs.meilisearch.com/errors#" + code})
}

func (f *fakeMeili) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	f.mu.Lock()
	defer f.mu.Unlock()
	f.reqs = append(f.reqs, fakeReq{Method: r.Method, Path: r.URL.Path, Query: r.URL.RawQuery, Auth: r.Header.Get("Authorization"), Body: string(body)})
	if r.Header.Get("Authorization") != "Bearer "+f.key {
		meiliError(w, http.StatusUnauthorized, "missing_authorization_header", "The Authorization header is missing.")
		return
	}
	parts := strings.Split(strings.Trim(r.URL.Path, "/"), "/")
	switch {
	case r.Method == "GET" && len(parts) == 2 && parts[0] == "tasks":
		var uid int64
		fmt.Sscan(parts[1], &uid)
		task := f.tasks[uid]
		if task == nil {
			meiliError(w, http.StatusNotFound, "task_not_found", "Task not found.")
			return
		}
		task.polls++
		status := "enqueued"
		if task.polls > 1 {
			status = "succeeded"
			if task.failed {
				status = "failed"
			} else if !task.appliedOrNot {
				task.apply()
			}
			task.appliedOrNot = true
		}
		out := map[string]any{"uid": uid, "indexUid": task.index, "status": status, "type": task.kind, "canceledBy": nil,
			"details": map[string]any{}, "error": nil, "duration": "PT0.001S", "enqueuedAt": "2026-01-01T00:00:00Z"}
		if status == "failed" {
			out["error"] = map[string]string{"message": "Document identifier `x` is invalid.", "code": "invalid_document_id",
				"type": "invalid_request", "link": "https://docs.meilisearch.com/errors#invalid_document_id"}
		}
		writeJSON(w, http.StatusOK, out)
	case r.Method == "PATCH" && len(parts) == 3 && parts[2] == "settings":
		f.enqueue(w, parts[1], "settingsUpdate", func() { f.ensure(parts[1]); f.settings[parts[1]] = body })
	case r.Method == "POST" && len(parts) == 3 && parts[2] == "documents":
		var docs []map[string]json.RawMessage
		if err := json.Unmarshal(body, &docs); err != nil {
			meiliError(w, http.StatusBadRequest, "malformed_payload", err.Error())
			return
		}
		f.enqueue(w, parts[1], "documentAdditionOrUpdate", func() {
			f.ensure(parts[1])
			for _, d := range docs {
				raw, _ := json.Marshal(d)
				f.indexes[parts[1]][string(d["id"])] = raw
			}
		})
	case r.Method == "POST" && len(parts) == 4 && parts[3] == "delete-batch":
		var ids []string
		json.Unmarshal(body, &ids)
		f.enqueue(w, parts[1], "documentDeletion", func() {
			for _, id := range ids {
				delete(f.indexes[parts[1]], id)
			}
		})
	case r.Method == "POST" && len(parts) == 1 && parts[0] == "indexes":
		var cfg struct{ UID string }
		json.Unmarshal(body, &cfg)
		f.enqueue(w, cfg.UID, "indexCreation", func() { f.ensure(cfg.UID) })
	case r.Method == "GET" && len(parts) == 2 && parts[0] == "indexes":
		if _, ok := f.indexes[parts[1]]; !ok {
			meiliError(w, http.StatusNotFound, "index_not_found", fmt.Sprintf("Index `%s` not found.", parts[1]))
			return
		}
		writeJSON(w, http.StatusOK, map[string]any{"uid": parts[1], "primaryKey": "id",
			"createdAt": "2026-01-01T00:00:00Z", "updatedAt": "2026-01-01T00:00:00Z"})
	case r.Method == "DELETE" && len(parts) == 2 && parts[0] == "indexes":
		f.enqueue(w, parts[1], "indexDeletion", func() { delete(f.indexes, parts[1]) })
	case r.Method == "POST" && r.URL.Path == "/swap-indexes":
		var swaps []struct {
			Indexes []string
			Rename  bool
		}
		json.Unmarshal(body, &swaps)
		f.enqueue(w, "", "indexSwap", func() {
			for _, s := range swaps {
				a, b := s.Indexes[0], s.Indexes[1]
				if s.Rename {
					f.indexes[a] = f.indexes[b]
					delete(f.indexes, b)
				} else {
					f.indexes[a], f.indexes[b] = f.indexes[b], f.indexes[a]
				}
			}
		})
	case r.Method == "POST" && len(parts) == 3 && parts[2] == "search":
		if f.searchResponse != "" {
			w.Header().Set("Content-Type", "application/json")
			io.WriteString(w, f.searchResponse)
			return
		}
		ids := make([]string, 0, len(f.indexes[parts[1]]))
		for id := range f.indexes[parts[1]] {
			ids = append(ids, id)
		}
		sort.Strings(ids)
		hits := []json.RawMessage{}
		for _, id := range ids {
			hits = append(hits, f.indexes[parts[1]][id])
		}
		writeJSON(w, http.StatusOK, map[string]any{"hits": hits, "query": "", "processingTimeMs": 0,
			"hitsPerPage": 20, "page": 1, "totalPages": 1, "totalHits": len(hits), "facetDistribution": map[string]any{}})
	default:
		meiliError(w, http.StatusNotFound, "not_found", "fake: no route "+r.Method+" "+r.URL.Path)
	}
}

// ensure creates an index on first use, as Meilisearch does for document
// and settings updates.
func (f *fakeMeili) ensure(uid string) {
	if f.indexes[uid] == nil {
		f.indexes[uid] = map[string]json.RawMessage{}
	}
}
