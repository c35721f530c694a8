VERSION ?= $(shell git describe --tags --always 2>/dev/null)
IMPORTS  = go list -f '{{.ImportPath}}:{{range .Imports}} {{.}}{{end}}'
.PHONY: build run test test-deps test-integration lint arch migrate deps

build:
	go build -ldflags "-X marketplace/tools/server.Version=$(VERSION)" -o bin/marketplace .

# Serve with demo data. DEV_DATABASE=1: with no DATABASE_URL a local
# PostgreSQL is found or started (the server alone refuses to guess).
run:
	RUN_MIGRATIONS=1 SEED_DEMO=1 DEV_DATABASE=1 go run .

# The whole suite: formatting, vet, the dependency rule, then every test
# against real PostgreSQL (TEST_DATABASE_URL, default 127.0.0.1:5432).
# Every top-level test of api and storage calls t.Parallel() (a serial one
# runs alone before all the others start); tests mostly wait on PostgreSQL
# and Chromium, so eight run at once on two CPUs (the api package: 726 s at 4, 380 s at
# 8, 2026-12-06; PostgreSQL's 100 connections hold). -race stays: the
# api tests are concurrent requests. Times per package, and where they go:
# docs/performance.md (suite time).
test: test-deps lint arch
	go test -race -count=1 -parallel 8 -timeout 20m ./...

# What the server and the tests need from Debian besides Go and PostgreSQL:
# the CJK TrueType font contract PDFs are set in (the server does not start
# without it) and poppler's pdftotext, which the tests read the PDFs with.
CONTRACT_FONT ?= /usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf
test-deps:
	@if [ ! -f "$(CONTRACT_FONT)" ] || ! command -v pdftotext >/dev/null; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends fonts-droid-fallback poppler-utils >/dev/null; \
	fi

test-integration:
	go test -race -count=1 ./storage/... ./tools/server

lint:
	@test -z "$$(gofmt -l .)" || (gofmt -l .; echo "gofmt needed"; exit 1)
	go vet ./...

arch:
	@! $(IMPORTS) ./domain/... | grep -E 'gorm|echo|robfig|marketplace/(api|storage|jobs|web)\b' || (echo "domain must import stdlib only"; exit 1)
	@! $(IMPORTS) ./api/... ./jobs/... ./web/... | grep -E 'gorm\.io|marketplace/storage\b' || (echo "api, jobs and web must not import storage or gorm"; exit 1)
	@# Pages live in web/: the JSON API renders no template.
	@! $(IMPORTS) ./api/... | grep -E 'marketplace/web\b|html/template' || (echo "api must not render pages (they belong in web/)"; exit 1)
	@# Only domain/market/fire.go assigns a project's status; the lifecycle
	@# diagram matches the table (domain/market/transitions.go).
	@# Every package under domain/ imports the standard library and only the
	@# bounded packages its row of domainImports allows (a direction, no
	@# circle); no store interface declares more than 25 methods of its own.
	@# Handlers check no role: authorisation is decided in domain (TestHandlersDoNotCheckRoles).
	@# Request types' validator tags check shape only, no bound or value list
	@# (TestRequestTags_CheckShapeOnly): the rule is the domain's.
	@# Storage passes no table SQL to Raw or Exec inline: the builder, or a
	@# file under storage/queries/ (TestStorage_NoTableSQLInRawOrExec).
	@# The root package re-exports no other context's names and forwards to
	@# no accessor: callers write market.Project, m.Credit().X (TestRoot_ReexportsNoContext).
	go test -count=1 -run '^(TestProjectStatusAssignedOnlyByStateMachine|TestLifecycleDiagramUpToDate|TestDomainPackages_ImportOnlyStdlibAndAllowed|TestStoreInterfaces_AtMost25Methods|TestHandlersDoNotCheckRoles|TestRequestTags_CheckShapeOnly|TestStorage_NoTableSQLInRawOrExec|TestRoot_ReexportsNoContext)$$' ./domain ./domain/market ./storage

migrate:
	go run . migrate

# Fetch every module the build and the tests use, before the tests run: the
# single sign-on tests start a real OpenID Provider (github.com/zitadel/oidc)
# in the test process, so a fresh machine needs only the module proxy.
deps:
	go mod download
