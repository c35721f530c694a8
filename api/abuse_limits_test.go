package api_test

import (
	"errors"
	"io"
	"net/http"
	"os"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"testing"
	"time"
)

// filler streams n bytes of 'a' without holding them, so that the test's
// own memory does not hide the server's.
type filler struct{ n int64 }

func (f *filler) Read(p []byte) (int, error) {
	if f.n <= 0 {
		return 0, io.EOF
	}
	if int64(len(p)) > f.n {
		p = p[:f.n]
	}
	for i := range p {
		p[i] = 'a'
	}
	f.n -= int64(len(p))
	return len(p), nil
}

// gated passes on the first left bytes of r, then waits for gate: a server
// that refuses the body stops reading it, and the client must stop writing
// too. Bytes the server left unread in its socket make its kernel answer
// the final close with a reset, which discards the 413 before a client
// slowed by a loaded machine has read it; so the test sends no more than
// the server reads.
type gated struct {
	r    io.Reader
	left int64
	gate chan struct{}
}

func (g *gated) Read(p []byte) (int, error) {
	if g.left <= 0 {
		<-g.gate
		return 0, errors.New("the server answered; the rest is not sent")
	}
	if int64(len(p)) > g.left {
		p = p[:g.left]
	}
	n, err := g.r.Read(p)
	g.left -= int64(n)
	return n, err
}

// bigMultipart returns a multipart/form-data body with one part of size
// bytes (of which the first gateAt bytes of the body are sent before gate
// is closed), its length, and its content type.
func bigMultipart(size, gateAt int64, gate chan struct{}) (io.Reader, int64, string) {
	const boundary = "xxBOUNDARYxx"
	head := "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.pdf\"\r\nContent-Type: application/pdf\r\n\r\n"
	tail := "\r\n--" + boundary + "--\r\n"
	body := io.MultiReader(strings.NewReader(head), &filler{n: size}, strings.NewReader(tail))
	return &gated{r: body, left: gateAt, gate: gate}, int64(len(head)) + size + int64(len(tail)), "multipart/form-data; boundary=" + boundary
}

// rssBytes reads this process's resident set size: the test server runs
// in-process, so what it buffers shows here.
func rssBytes(t *testing.T) int64 {
	t.Helper()
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			if err != nil {
				t.Fatal(err)
			}
			return kb << 10
		}
	}
	t.Fatal("no VmRSS in /proc/self/status")
	return 0
}

// A multipart body is bounded like any other: 50 MB to the login endpoint
// (API and page, with and without a declared length) is refused with 413
// before it is buffered or spooled.
func TestServer_BodyLimitEveryContentType(t *testing.T) {
	app := newTestApp(t)
	const size = 50 << 20
	for _, c := range []struct {
		name, path string
		chunked    bool
		// sent is how much of the body the client sends before the
		// answer: what the server reads, and no more (see gated).
		sent   int64
		status int
		code   string
	}{
		{"API, declared length", "/api/v1/auth/login", false, 0, 413, "body_too_large"},
		// No length to judge by: refused unread as not JSON.
		{"API, chunked", "/api/v1/auth/login", true, 0, 415, "json_required"},
		// Read to the 1 MB limit and refused at its first byte past it.
		{"page form, chunked", "/login", true, 1<<20 + 512, 413, ""},
		{"page form, declared length", "/login", false, 0, 413, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			runtime.GC()
			debug.FreeOSMemory()
			before := rssBytes(t)
			var m0 runtime.MemStats
			runtime.ReadMemStats(&m0)
			gate := make(chan struct{})
			defer close(gate)
			body, n, ctype := bigMultipart(size, c.sent, gate)
			req, _ := http.NewRequest("POST", app.URL+c.path, body)
			req.Header.Set("Content-Type", ctype)
			if c.chunked {
				req.ContentLength = -1
			} else {
				req.ContentLength = n
			}
			// A server that waited for the unsent rest of the body would
			// never answer: the timeout turns that into a failure.
			client := &http.Client{Timeout: time.Minute, Transport: &http.Transport{DisableKeepAlives: true}}
			res, err := client.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			out, _ := io.ReadAll(res.Body)
			res.Body.Close()
			if res.StatusCode != c.status {
				t.Errorf("status %d, want %d: %.300s", res.StatusCode, c.status, out)
			}
			if c.code != "" && !strings.Contains(string(out), `"`+c.code+`"`) {
				t.Errorf("error code: %.300s", out)
			}
			// What the process allocated while refusing the body is the
			// exact measure (reading a 50 MB body allocates 50 MB or more);
			// the resident size, which the race detector and the garbage
			// collector's timing also move, gets a margin over it.
			var m1 runtime.MemStats
			runtime.ReadMemStats(&m1)
			if alloc := m1.TotalAlloc - m0.TotalAlloc; alloc > 20<<20 {
				t.Errorf("the server allocated %d MB for a refused body", alloc>>20)
			}
			if grew := rssBytes(t) - before; grew > 40<<20 {
				t.Errorf("the server's memory grew by %d MB for a refused body", grew>>20)
			}
		})
	}
	t.Run("JSON over 1 MB", func(t *testing.T) {
		big := `{"email":"` + strings.Repeat("a", 1<<20) + `","password":"x"}`
		if r := app.do("POST", "/api/v1/auth/login", "", big); r.Status != 413 || r.errorCode(t) != "body_too_large" {
			t.Errorf("%d %.300s", r.Status, r.Body)
		}
	})
}
