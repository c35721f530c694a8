package server

import (
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/url"
	"os"
	"reflect"
	"strings"
	"time"

	"github.com/caarlos0/env/v11"

	"marketplace/api"
	"marketplace/domain"
	"marketplace/domain/identity"
	"marketplace/domain/market"
	"marketplace/domain/opendata"
	"marketplace/jobs/outbound"
	"marketplace/storage"
)

// Config is read from the environment once at start-up (SPEC §8), by every
// command. Each setting is one field: `env` names the variable, `envDefault`
// is its default (an unset or empty variable takes it), `desc` explains it
// in the generated table of docs/configuration.md, and `secret` masks it in
// `go run . config` ("true": the whole value; "url": the password in it).
// Defaults equal the domain's named constants; TestConfig_DefaultsAreDomainConstants
// holds the two together.
type Config struct {
	HTTPAddr string `env:"HTTP_ADDR" envDefault:":8080" desc:"listen address (host:port)"`
	// MetricsAddr serves /metrics and /debug/pprof/. Never the public
	// listener. Unlike the other settings, setting it empty turns it off.
	MetricsAddr string `env:"METRICS_ADDR" envDefault:"127.0.0.1:9090" desc:"/metrics and /debug/pprof/, never on HTTP_ADDR; set empty to turn them off (docs/security.md)"`
	DatabaseURL string `env:"DATABASE_URL" secret:"url" desc:"PostgreSQL URL; required (unset: every command that opens the database refuses to start) unless DEV_DATABASE"`
	// DatabaseReadURL lists streaming replicas for the public reads
	// (storage/replica.go, docs/scaling.md).
	DatabaseReadURL []string      `env:"DATABASE_READ_URL" secret:"url" desc:"streaming replicas (PostgreSQL URLs, comma-separated) that answer public pages and lists, search, statistics and open data; unset: every read on the primary (docs/scaling.md)"`
	ReplicaMaxLag   time.Duration `env:"READ_REPLICA_MAX_LAG" envDefault:"5s" desc:"a replica further behind the primary than this (or down) is skipped and its reads go to the primary"`
	ReadYourWrites  time.Duration `env:"READ_YOUR_WRITES" envDefault:"5s" desc:"after an account writes, its own reads stay on the primary this long"`
	// BidConcurrency bounds the bid transactions on PostgreSQL at once
	// (storage/bid_gate.go).
	BidConcurrency int `env:"BID_CONCURRENCY" envDefault:"8" desc:"bid transactions this server runs on PostgreSQL at once (1 to 20); later bids wait their turn in arrival order (docs/performance.md)"`
	// DevDatabase (set by `make run`) lets a missing DATABASE_URL mean the
	// zero-configuration development database; without it a missing
	// DATABASE_URL is refused.
	DevDatabase      bool `env:"DEV_DATABASE" envDefault:"false" desc:"development only (make run): an unset DATABASE_URL means the zero-configuration development database"`
	RunMigrations    bool `env:"RUN_MIGRATIONS" envDefault:"false" desc:"apply migrations at start (always on with the development database); otherwise the server refuses to start while migrations are pending"`
	SeedDemo         bool `env:"SEED_DEMO" envDefault:"false" desc:"load demo data into an unused database (no account, project, audit row or job run)"`
	DisableScheduler bool `env:"DISABLE_SCHEDULER" envDefault:"false" desc:"do not run jobs in this replica"`

	// The footer of every page: who runs the platform.
	SiteHostOrg  string `env:"SITE_HOST_ORG" desc:"主办单位 named in every page's footer (unset: a placeholder)"`
	SiteOperator string `env:"SITE_OPERATOR" desc:"运维单位 named in every page's footer (unset: a placeholder)"`
	SiteHelpline string `env:"SITE_HELPLINE" desc:"服务热线 shown in the footer and the service guide (unset: not shown)"`

	OCIDPrefix    string `env:"OCDS_PREFIX" envDefault:"ocds-zjcs01-" desc:"OCDS identifier prefix (used by the API's ocid too)"`
	PublicBaseURL string `env:"PUBLIC_BASE_URL" desc:"base of the URIs in OCDS packages"`
	SMTPAddr      string `env:"SMTP_ADDR" desc:"mail relay (host:port) for e-mail notifications; unset: no e-mail"`
	SMTPFrom      string `env:"SMTP_FROM" envDefault:"noreply@zjcs.example.gov.cn" desc:"sender of notification e-mails"`
	SMTPUsername  string `env:"SMTP_USERNAME" desc:"mail relay login"`
	SMTPPassword  string `env:"SMTP_PASSWORD" secret:"true" desc:"mail relay password"`
	// WebhookAllowPrivate is for development and tests only (SSRF otherwise).
	WebhookAllowPrivate bool          `env:"WEBHOOK_ALLOW_PRIVATE" envDefault:"false" desc:"development only: allow http, any port and private-network webhook targets"`
	WebhookTimeout      time.Duration `env:"WEBHOOK_TIMEOUT" envDefault:"5s" desc:"time one endpoint gets per delivery attempt (at most 1m)"`
	WebhookConcurrency  int           `env:"WEBHOOK_CONCURRENCY" envDefault:"1" desc:"requests one endpoint gets at once (1 to 8; 1 keeps its deliveries in order)"`

	// TrustedProxies are the proxies whose forwarding headers name the
	// client (CIDR list; empty: the TCP peer is the client).
	TrustedProxies []*net.IPNet `env:"TRUSTED_PROXIES" desc:"proxies (addresses or CIDR ranges, comma-separated) whose X-Forwarded-For/X-Real-IP are believed; unset: the TCP peer is the client (docs/security.md)"`
	CookieSecure   bool         `env:"COOKIE_SECURE" envDefault:"true" desc:"mark session and CSRF cookies Secure (browsers accept them on http://localhost; set false only for plain HTTP on another host)"`

	// The lifecycle's time limits (domain.Periods, SPEC §3).
	// Each is working days ("5wd", counted over the official calendar, see
	// docs/lifecycle.md) or a Go duration ("72h", "30s").
	MinBiddingWindow     market.Period `env:"MARKET_MIN_BIDDING_WINDOW" envDefault:"5wd" desc:"shortest bidding window: working days (5wd) or a duration (72h)"`
	Publicity            market.Period `env:"MARKET_PUBLICITY_PERIOD" envDefault:"5wd" desc:"publicity (公示) of a result: working days (5wd) or a duration"`
	ObjectionAnswer      market.Period `env:"MARKET_OBJECTION_ANSWER_PERIOD" envDefault:"7wd" desc:"owner's time to answer an objection: working days (7wd) or a duration"`
	Complaint            market.Period `env:"MARKET_COMPLAINT_PERIOD" envDefault:"15wd" desc:"objector's time, after the answer, to escalate it to a complaint (then it closes as accepted and publicity resumes): working days (15wd) or a duration"`
	Signing              market.Period `env:"MARKET_SIGNING_PERIOD" envDefault:"5wd" desc:"contract signing after award: working days (5wd) or a duration"`
	Evaluation           market.Period `env:"MARKET_EVALUATION_PERIOD" envDefault:"720h" desc:"evaluation window after acceptance (30 days): a duration or working days"`
	LowPriceExplanation  market.Period `env:"MARKET_LOW_PRICE_EXPLANATION_PERIOD" envDefault:"2wd" desc:"an agency's time, after the close, to explain an abnormally low bid in writing: working days (2wd) or a duration (docs/credit.md)"`
	AuctionExtension     time.Duration `env:"MARKET_AUCTION_EXTENSION" envDefault:"5m" desc:"reverse-auction anti-sniping extension"`
	AuctionMaxExtensions int           `env:"MARKET_AUCTION_MAX_EXTENSIONS" envDefault:"12" desc:"at most this many extensions (0 or more)"`
	SessionTTL           time.Duration `env:"MARKET_SESSION_TTL" envDefault:"12h" desc:"lifetime of a login token"`
	QuestionCutoff       market.Period `env:"MARKET_QUESTION_CUTOFF" envDefault:"48h" desc:"questions (答疑) close this long before the announced close"`
	SchedulerInterval    time.Duration `env:"MARKET_SCHEDULER_INTERVAL" envDefault:"1s" desc:"how often jobs run (at least 1s); close_bidding also runs the moment a close falls due"`
	// AmendmentMinRemaining: an amendment that affects bids leaves at least this much bidding time.
	AmendmentMinRemaining market.Period `env:"MARKET_AMENDMENT_MIN_REMAINING" envDefault:"72h" desc:"least bidding time an amendment (更正公告) leaves before the close; a later close is moved to it"`
	// JobStaleAfter flags a job that has not succeeded for this long.
	JobStaleAfter time.Duration `env:"JOB_STALE_AFTER" envDefault:"5m" desc:"a job without success for this long is flagged stale (admin page, job_stale gauge); see docs/reliability.md"`
	// ShutdownTimeout bounds the whole shutdown after SIGTERM.
	ShutdownTimeout time.Duration `env:"SHUTDOWN_TIMEOUT" envDefault:"15s" desc:"on SIGTERM the process exits within this, whatever is still running"`

	// UploadDir holds uploaded documents, content-addressed.
	UploadDir   string     `env:"UPLOAD_DIR" envDefault:".data/uploads" desc:"where uploaded documents are kept, content-addressed (SHA-256)"`
	MeiliURL    string     `env:"MEILI_URL" desc:"use Meilisearch for search (kept in sync from the outbox; go run . reindex rebuilds it); unset: PostgreSQL"`
	MeiliAPIKey string     `env:"MEILI_API_KEY" secret:"true" desc:"Meilisearch API key"`
	LogLevel    slog.Level `env:"LOG_LEVEL" envDefault:"info" desc:"log level: debug, info, warn or error"`
	// AuditSigningKey is the platform's Ed25519 key, the base64 of its
	// 32-byte seed. Unset, a development key is generated once and stored
	// in the database (table signing_keys).
	AuditSigningKey string `env:"AUDIT_SIGNING_KEY" secret:"true" desc:"the platform's Ed25519 key, base64 of a 32-byte seed (openssl rand -base64 32); signs audit checkpoints; unset: a development key generated once and kept in the database (docs/reliability.md)"`
	// ContractSigningKey signs electronic contracts when AUDIT_SIGNING_KEY
	// is unset (the audit key, when set, signs both: one platform key).
	ContractSigningKey string `env:"CONTRACT_SIGNING_KEY" secret:"true" desc:"Ed25519 key (base64 of a 32-byte seed) that signs contract PDFs when AUDIT_SIGNING_KEY is unset; both unset: the development key (docs/operations.md)"`
	// ContractFont is the CJK TrueType font contract PDFs are set in; the
	// server refuses to start without it (docs/operations.md).
	ContractFont string `env:"CONTRACT_FONT" envDefault:"/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf" desc:"CJK TrueType (.ttf, glyf outlines) font of the contract PDFs; Debian package fonts-droid-fallback; the server does not start without it"`

	// Single sign-on through the provincial government service platform's
	// identity provider (OpenID Connect); off while OIDC_ISSUER is unset.
	OIDCIssuer                string `env:"OIDC_ISSUER" desc:"issuer URL of the government identity platform (OpenID Connect discovery at /.well-known/openid-configuration); unset: single sign-on is off (docs/operations.md)"`
	OIDCClientID              string `env:"OIDC_CLIENT_ID" desc:"client id this platform is registered under at the identity platform; ID tokens must carry it as audience"`
	OIDCClientSecret          string `env:"OIDC_CLIENT_SECRET" secret:"true" desc:"client secret issued by the identity platform"`
	OIDCRedirectURL           string `env:"OIDC_REDIRECT_URL" desc:"this platform's callback as registered at the identity platform, https://<host>/auth/oidc/callback"`
	OIDCClaimUSCC             string `env:"OIDC_CLAIM_USCC" envDefault:"uscc" desc:"name of the claim carrying a legal person's unified social credit code (ID token or userinfo)"`
	OIDCClaimName             string `env:"OIDC_CLAIM_NAME" envDefault:"name" desc:"name of the claim carrying the legal person's name"`
	OIDCPostLogoutRedirectURL string `env:"OIDC_POST_LOGOUT_REDIRECT_URL" desc:"where the identity platform returns the browser after logout (RP-initiated logout); unset: the site root of OIDC_REDIRECT_URL"`

	// Hasher overrides the password hasher (tests use a cheap one).
	Hasher identity.PasswordHasher `env:"-"`
}

// DefaultConfig is the configuration of an empty environment.
func DefaultConfig() Config {
	c, err := parseConfig(map[string]string{})
	if err != nil {
		panic("config defaults: " + err.Error()) // a struct tag is malformed; every test of the defaults catches it
	}
	return c
}

// ConfigFromEnv reads the process environment over the defaults and
// validates; every malformed setting is reported at once.
func ConfigFromEnv() (Config, error) {
	environ := map[string]string{}
	for _, kv := range os.Environ() {
		if k, v, ok := strings.Cut(kv, "="); ok {
			environ[k] = v
		}
	}
	c, err := parseConfig(environ)
	if err != nil {
		return c, err
	}
	return c, c.Validate()
}

// parseConfig reads environ into a Config.
func parseConfig(environ map[string]string) (Config, error) {
	var c Config
	err := env.ParseWithOptions(&c, env.Options{Environment: environ, FuncMap: map[reflect.Type]env.ParserFunc{
		reflect.TypeFor[time.Duration](): func(v string) (any, error) { return market.ParsePositiveDuration(v) },
		reflect.TypeFor[[]*net.IPNet]():  func(v string) (any, error) { return api.ParseTrustedProxies(v) },
	}})
	// An empty METRICS_ADDR is the documented way to turn the metrics
	// listener off, where any other empty variable takes its default.
	if v, ok := environ["METRICS_ADDR"]; ok && v == "" {
		c.MetricsAddr = ""
	}
	return c, settingErrors(err, environ)
}

// parseHints say what a variable of a type wants when the type's own parser
// explains itself poorly.
var parseHints = map[reflect.Type]string{
	reflect.TypeFor[bool]():       "want true or false",
	reflect.TypeFor[int]():        "want a whole number",
	reflect.TypeFor[slog.Level](): "want debug, info, warn or error",
}

// settingErrors rewrites the parser's errors, which name struct fields, as
// NAME="value": what it wants, the way an operator sets them.
func settingErrors(err error, environ map[string]string) error {
	var agg env.AggregateError
	if !errors.As(err, &agg) {
		return err
	}
	keys := map[string]string{}
	for _, s := range settings(&Config{}) {
		keys[s.Field] = s.Name
	}
	var errs []error
	for _, e := range agg.Errors {
		var pe env.ParseError
		if !errors.As(e, &pe) || keys[pe.Name] == "" {
			errs = append(errs, e)
			continue
		}
		name, why := keys[pe.Name], pe.Err.Error()
		if h, ok := parseHints[pe.Type]; ok {
			why = h
		}
		if strings.HasPrefix(why, name+":") {
			errs = append(errs, errors.New(why)) // it names the variable already
			continue
		}
		errs = append(errs, fmt.Errorf("%s=%q: %s", name, environ[name], why))
	}
	return errors.Join(errs...)
}

// Validate checks the rules that go beyond one value's syntax.
func (c Config) Validate() error {
	var errs []error
	if c.SchedulerInterval < time.Second {
		errs = append(errs, errors.New("MARKET_SCHEDULER_INTERVAL must be at least 1s"))
	}
	if _, _, err := net.SplitHostPort(c.HTTPAddr); err != nil {
		errs = append(errs, fmt.Errorf("HTTP_ADDR=%q: want host:port such as :8080", c.HTTPAddr))
	}
	if _, _, err := net.SplitHostPort(c.MetricsAddr); c.MetricsAddr != "" && err != nil {
		errs = append(errs, fmt.Errorf("METRICS_ADDR=%q: want host:port such as %s, or empty to turn metrics off", c.MetricsAddr, DefaultMetricsAddr))
	}
	if c.AuctionMaxExtensions < 0 {
		errs = append(errs, fmt.Errorf("MARKET_AUCTION_MAX_EXTENSIONS=%d: want a whole number ≥ 0", c.AuctionMaxExtensions))
	}
	if c.WebhookTimeout > opendata.MaxWebhookTimeout {
		errs = append(errs, fmt.Errorf("WEBHOOK_TIMEOUT=%s: want a duration up to %s such as %s", c.WebhookTimeout, opendata.MaxWebhookTimeout, opendata.DefaultWebhookTimeout))
	}
	if c.BidConcurrency < 1 || c.BidConcurrency > storage.MaxBidTransactions {
		errs = append(errs, fmt.Errorf("BID_CONCURRENCY=%d: want 1 to %d", c.BidConcurrency, storage.MaxBidTransactions))
	}
	if c.WebhookConcurrency < 1 || c.WebhookConcurrency > opendata.MaxWebhookConcurrency {
		errs = append(errs, fmt.Errorf("WEBHOOK_CONCURRENCY=%d: want 1 to %d", c.WebhookConcurrency, opendata.MaxWebhookConcurrency))
	}
	if c.AuditSigningKey != "" {
		if _, err := domain.NewSigner(c.AuditSigningKey); err != nil {
			errs = append(errs, fmt.Errorf("AUDIT_SIGNING_KEY: %w", err))
		}
	}
	if c.ContractSigningKey != "" {
		if _, err := domain.NewSigner(c.ContractSigningKey); err != nil {
			errs = append(errs, fmt.Errorf("CONTRACT_SIGNING_KEY: %w", err))
		}
	}
	errs = append(errs, c.validateOIDC()...)
	return errors.Join(errs...)
}

// validateOIDC refuses a half-configured single sign-on: with an issuer,
// the client id and the redirect URL are needed too.
func (c Config) validateOIDC() []error {
	if c.OIDCIssuer == "" {
		return nil
	}
	var errs []error
	for _, s := range [][2]string{{"OIDC_ISSUER", c.OIDCIssuer}, {"OIDC_REDIRECT_URL", c.OIDCRedirectURL}} {
		if p, err := url.Parse(s[1]); err != nil || (p.Scheme != "https" && p.Scheme != "http") || p.Host == "" {
			errs = append(errs, fmt.Errorf("%s=%q: want an absolute http(s) URL", s[0], s[1]))
		}
	}
	if c.OIDCClientID == "" {
		errs = append(errs, errors.New("OIDC_CLIENT_ID: required when OIDC_ISSUER is set"))
	}
	if c.OIDCClaimUSCC == "" || c.OIDCClaimName == "" {
		errs = append(errs, errors.New("OIDC_CLAIM_USCC and OIDC_CLAIM_NAME must not be empty"))
	}
	return errs
}

// OIDC is the single sign-on configuration for the api.
func (c Config) OIDC() api.OIDCConfig {
	return api.OIDCConfig{Issuer: c.OIDCIssuer, ClientID: c.OIDCClientID, ClientSecret: c.OIDCClientSecret,
		RedirectURL: c.OIDCRedirectURL, USCCClaim: c.OIDCClaimUSCC, NameClaim: c.OIDCClaimName,
		PostLogoutRedirectURL: c.OIDCPostLogoutRedirectURL}
}

// MarketPeriods are the lifecycle's time limits for the domain.
func (c Config) MarketPeriods() domain.Periods {
	return domain.Periods{
		MinBiddingWindow:     c.MinBiddingWindow,
		Publicity:            c.Publicity,
		ObjectionAnswer:      c.ObjectionAnswer,
		Complaint:            c.Complaint,
		Signing:              c.Signing,
		Evaluation:           c.Evaluation,
		LowPriceExplanation:  c.LowPriceExplanation,
		AuctionExtension:     c.AuctionExtension,
		AuctionMaxExtensions: c.AuctionMaxExtensions,
		SessionTTL:           c.SessionTTL,
		// amendments (更正公告)
		AmendmentMinRemaining: c.AmendmentMinRemaining.Duration(),
		QuestionCutoff:        c.QuestionCutoff.Duration(),
	}
}

// OpenData wires the open-data settings: OCDS identifiers, e-mail (off
// without SMTP_ADDR) and webhook delivery.
func (c Config) OpenData() opendata.Config {
	od := opendata.Config{OCIDPrefix: c.OCIDPrefix, BaseURI: c.PublicBaseURL, AllowPrivateWebhooks: c.WebhookAllowPrivate,
		WebhookTimeout: c.WebhookTimeout, WebhookConcurrency: c.WebhookConcurrency,
		Sender: outbound.NewHTTPSender(), Resolver: net.DefaultResolver}
	if c.SMTPAddr != "" {
		od.Mailer = &outbound.SMTPMailer{Addr: c.SMTPAddr, From: c.SMTPFrom, Username: c.SMTPUsername, Password: c.SMTPPassword}
	}
	return od
}
