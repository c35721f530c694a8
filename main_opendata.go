package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"

	"marketplace/domain"
)

// openDataFromEnv reads the open-data settings: OCDS_PREFIX (default
// ocds-zjcs01-), PUBLIC_BASE_URL (OCDS package URIs), SMTP_ADDR/SMTP_FROM/
// SMTP_USERNAME/SMTP_PASSWORD (e-mail notifications, off without SMTP_ADDR),
// WEBHOOK_ALLOW_PRIVATE (development only: http and private targets).
func openDataFromEnv() (domain.OpenDataConfig, error) {
	c := domain.OpenDataConfig{OCIDPrefix: os.Getenv("OCDS_PREFIX"), BaseURI: os.Getenv("PUBLIC_BASE_URL")}
	if v := os.Getenv("WEBHOOK_ALLOW_PRIVATE"); v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			return c, fmt.Errorf("WEBHOOK_ALLOW_PRIVATE=%q: want true or false", v)
		}
		c.AllowPrivateWebhooks = b
	}
	if addr := os.Getenv("SMTP_ADDR"); addr != "" {
		from := os.Getenv("SMTP_FROM")
		if from == "" {
			from = "noreply@zjcs.example.gov.cn"
		}
		c.Mailer = &domain.SMTPMailer{Addr: addr, From: from, Username: os.Getenv("SMTP_USERNAME"), Password: os.Getenv("SMTP_PASSWORD")}
	}
	return c, nil
}

// exportOCDS writes DIR/releases-YYYY-MM.json.gz, one release package a month.
func (m *Main) exportOCDS(ctx context.Context, dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	n, err := m.Market.ExportOCDS(ctx, func(month string) (io.WriteCloser, error) {
		return os.Create(filepath.Join(dir, "releases-"+month+".json.gz"))
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(m.Out, "exported %d releases to %s\n", n, dir)
	return nil
}
