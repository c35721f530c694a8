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
)

// filler streams n bytes of 'a' without holding them, so that the test's
// own memory does not hide the server's. After gateAt bytes it waits for
// gate: a server that refuses the body stops reading it, and a client still
// writing would see the connection reset before it reads the answer.
type filler struct {
	n, gateAt int64
	gate      chan struct{}
}

func (f *filler) Read(p []byte) (int, error) {
	if f.n <= 0 {
		return 0, io.EOF
	}
	if f.gateAt <= 0 {
		<-f.gate
		return 0, errors.New("the server answered; the rest is not sent")
	}
	if int64(len(p)) > f.gateAt {
		p = p[:f.gateAt]
	}
	f.gateAt -= int64(len(p))
	if int64(len(p)) > f.n {
		p = p[:f.n]
	}
	for i := range p {
		p[i] = 'a'
	}
	f.n -= int64(len(p))
	return len(p), nil
}

// bigMultipart returns a multipart/form-data body with one part of size
// bytes (of which the first gateAt are sent before gate is closed), its
// length, and its content type.
func bigMultipart(size, gateAt int64, gate chan struct{}) (io.Reader, int64, string) {
	const boundary = "xxBOUNDARYxx"
	head := "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.pdf\"\r\nContent-Type: application/pdf\r\n\r\n"
	tail := "\r\n--" + boundary + "--\r\n"
	return io.MultiReader(strings.NewReader(head), &filler{n: size, gateAt: gateAt, gate: gate}, strings.NewReader(tail)),
		int64(len(head)) + size + int64(len(tail)), "multipart/form-data; boundary=" + boundary
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
		status     int
		code       string
	}{
		{"API, declared length", "/api/v1/auth/login", false, 413, "body_too_large"},
		// No length to judge by: refused unread as not JSON.
		{"API, chunked", "/api/v1/auth/login", true, 415, "json_required"},
		{"page form, chunked", "/login", true, 413, ""},
		{"page form, declared length", "/login", false, 413, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			runtime.GC()
			debug.FreeOSMemory()
			before := rssBytes(t)
			var m0 runtime.MemStats
			runtime.ReadMemStats(&m0)
			gate := make(chan struct{})
			defer close(gate)
			// A declared length is refused unread; a chunked body is read
			// to the 1 MB limit. Past that, only what the socket buffers.
			gateAt := int64(32 << 10)
			if c.chunked {
				gateAt += 1 << 20
			}
			body, n, ctype := bigMultipart(size, gateAt, gate)
			req, _ := http.NewRequest("POST", app.URL+c.path, body)
			req.Header.Set("Content-Type", ctype)
			if c.chunked {
				req.ContentLength = -1
			} else {
				req.ContentLength = n
			}
			client := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
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
