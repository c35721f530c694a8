// Package server is the composition root of the marketplace: it reads the
// configuration, opens the database, wires domain, api, web and jobs
// together, serves HTTP until told to stop and runs the other subcommands.
// It is the one package that may import every layer; main.go only calls Run.
package server

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"marketplace/api"
)

// Version is the build's version, set by the Makefile with
// -ldflags "-X marketplace/tools/server.Version=…".
var Version = "dev"

// Run dispatches the subcommand named by args[0] (serve when there is none).
func Run(ctx context.Context, args []string, out io.Writer) error {
	cmd := "serve"
	if len(args) > 0 && args[0] != "" && args[0][0] != '-' {
		cmd, args = args[0], args[1:]
	}
	cfg, err := ConfigFromEnv()
	if err != nil {
		return err
	}
	m := NewMain(cfg, out)
	switch cmd {
	case "serve":
		m.HardExit = os.Exit
		return m.Serve(ctx)
	case "migrate":
		if err := m.Open(ctx, true); err != nil {
			return err
		}
		defer m.Close()
		fmt.Fprintln(out, "migrations applied")
		return nil
	case "admin":
		return m.adminCommand(ctx, args)
	case "seed-demo":
		if err := m.Open(ctx, true); err != nil {
			return err
		}
		defer m.Close()
		return m.SeedDemo(ctx)
	case "reindex":
		if err := m.Open(ctx, false); err != nil {
			return err
		}
		defer m.Close()
		return m.Market.Searches().Reindex(ctx, func(stage string, done, total int) { fmt.Fprintf(out, "%s %d/%d\n", stage, done, total) })
	case "export-ocds":
		if len(args) != 1 {
			return errors.New("usage: export-ocds DIR")
		}
		if err := m.Open(ctx, false); err != nil {
			return err
		}
		defer m.Close()
		return m.exportOCDS(ctx, args[0])
	case "run-job":
		if len(args) != 1 {
			return errors.New("usage: run-job <name>")
		}
		if err := m.Open(ctx, false); err != nil {
			return err
		}
		defer m.Close()
		r, err := m.Scheduler.RunOnce(ctx, args[0])
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "%s: %d rows\n", r.Job, r.Rows)
		return nil
	case "config":
		return printConfig(out, cfg)
	case "verify-draw":
		return api.VerifyDrawCommand(ctx, args, out)
	case "verify-audit":
		return api.VerifyAuditCommand(ctx, args, out)
	case "verify-contract":
		return api.VerifyContractCommand(ctx, args, out)
	default:
		return fmt.Errorf("unknown command %q (serve, config, migrate, admin create, seed-demo, reindex, run-job, verify-draw, verify-audit, verify-contract, export-ocds)", cmd)
	}
}
