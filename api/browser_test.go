package api_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// chrome is the one headless Chromium of the test process: starting a
// browser costs seconds, so every browser test opens a tab of its own in a
// browser context of its own (cookies and storage apart) in this one.
var chrome struct {
	once    sync.Once
	ctx     context.Context // the browser; cancelled by stopChrome
	cancel  func()
	dataDir string
	err     error
}

// startChrome starts the shared browser (Debian's chromium package; .ci/run
// installs it).
func startChrome() {
	path := os.Getenv("CHROMIUM_PATH")
	if path == "" {
		var err error
		if path, err = exec.LookPath("chromium"); err != nil {
			chrome.err = fmt.Errorf("headless Chromium is needed for browser tests: apt-get install -y --no-install-recommends chromium fonts-noto-cjk (or set CHROMIUM_PATH)")
			return
		}
	}
	dir, err := os.MkdirTemp("", "marketplace-chromium-")
	if err != nil {
		chrome.err = err
		return
	}
	chrome.dataDir = dir
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.Flag("disable-quic", true),
		chromedp.UserDataDir(dir), chromedp.WindowSize(1200, 900),
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	bctx, cancelBrowser := chromedp.NewContext(actx)
	chrome.ctx, chrome.cancel = bctx, func() { cancelBrowser(); cancelAlloc() }
	chrome.err = chromedp.Do(bctx) // starts the browser
}

// stopChrome ends the shared browser, if a test started it.
func stopChrome() {
	if chrome.cancel != nil {
		chrome.cancel()
	}
	if chrome.dataDir != "" {
		os.RemoveAll(chrome.dataDir)
	}
}

// newChrome returns a tab of the shared headless Chromium, in a fresh
// browser context closed at the test's end. A missing browser fails the
// test with how to install it: browser tests are never silently skipped.
// The limit only stops a hung tab: the full suite keeps both cores busy,
// and a test of a few pages took over a minute there (CI, 2026-12-06).
func newChrome(t *testing.T) context.Context {
	t.Helper()
	return newChromeFor(t, 3*time.Minute)
}

// newChromeFor is newChrome for tests that visit many pages.
func newChromeFor(t *testing.T, limit time.Duration) context.Context {
	t.Helper()
	chrome.once.Do(startChrome)
	if chrome.err != nil {
		t.Fatal(chrome.err)
	}
	ctx, cancelTab := chromedp.NewContext(chrome.ctx, chromedp.WithNewBrowserContext())
	ctx, cancelTimeout := context.WithTimeout(ctx, limit)
	t.Cleanup(func() { cancelTimeout(); cancelTab() })
	return ctx
}

// screenshot saves a PNG of the 1200×900 viewport under $SCREENSHOT_DIR
// (docs/screenshots when the README's pictures are refreshed); without it,
// nothing is written. The viewport, not the full page, keeps files small.
func screenshot(t *testing.T, ctx context.Context, name string) {
	dir := os.Getenv("SCREENSHOT_DIR")
	if dir == "" {
		return
	}
	png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Errorf("screenshot %s: %v", name, err)
		return
	}
	if err := os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644); err != nil {
		t.Error(err)
	}
}

func must[T any](t *testing.T) func(T, error) T {
	return func(v T, err error) T {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
}

func TestBrowser_AgencyRegistersAndSwitchesLanguage(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	ctx := newChrome(t)
	text := must[string](t)

	if err := chromedp.Do(ctx, chromedp.Navigate(app.URL+"/")); err != nil {
		t.Fatal(err)
	}
	screenshot(t, ctx, "home")
	if err := chromedp.Do(ctx,
		chromedp.Navigate(app.URL+"/register"),
		chromedp.SendKeys(chromedp.ID("name"), "浏览器注册中介有限公司"),
		chromedp.SendKeys(chromedp.ID("uscc"), "91110000MA0000001X"), // wrong check character
		chromedp.SendKeys(chromedp.ID("legal_representative"), "周八"),
		chromedp.SendKeys(chromedp.ID("contact_phone"), "13800002222"),
		chromedp.SendKeys(chromedp.ID("email"), "browser@example.cn"),
		chromedp.SendKeys(chromedp.ID("password"), testPassword),
		chromedp.SendKeys(chromedp.ID("password_confirm"), testPassword),
		chromedp.Click(chromedp.ID("accept_commitment")),
		chromedp.Submit(chromedp.ID("password")),
		chromedp.WaitVisible(chromedp.CSS(".field-error")),
	); err != nil {
		t.Fatal(err)
	}
	screenshot(t, ctx, "register-error")
	if got := text(chromedp.Run(ctx, chromedp.Text(chromedp.CSS(".field-error")))); !strings.Contains(got, "校验位不正确") {
		t.Errorf("field error = %q", got)
	}
	if got := text(chromedp.Run(ctx, chromedp.Value(chromedp.ID("name")))); got != "浏览器注册中介有限公司" {
		t.Errorf("typed name lost: %q", got)
	}
	if err := chromedp.Do(ctx,
		chromedp.Clear(chromedp.ID("uscc")),
		chromedp.SendKeys(chromedp.ID("uscc"), uscc()),
		chromedp.SendKeys(chromedp.ID("password"), testPassword),
		chromedp.SendKeys(chromedp.ID("password_confirm"), testPassword),
		chromedp.Submit(chromedp.ID("password")),
		chromedp.WaitVisible(chromedp.CSS(".who")),
	); err != nil {
		t.Fatal(err)
	}
	if got := text(chromedp.Run(ctx, chromedp.Text(chromedp.CSS(".who")))); !strings.Contains(got, "浏览器注册中介有限公司") {
		t.Errorf("after registration the header shows %q", got)
	}

	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`a[lang="en"]`)), chromedp.WaitVisible(chromedp.CSS(`html[lang="en"]`))); err != nil {
		t.Fatal(err)
	}
	if got := text(chromedp.Run(ctx, chromedp.Text(chromedp.CSS(".brand")))); got != "Intermediary Services Marketplace" {
		t.Errorf("English brand = %q", got)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(app.URL+"/catalogue/NAT-01")); err != nil {
		t.Fatal(err)
	}
	screenshot(t, ctx, "catalogue-item-en")
}
