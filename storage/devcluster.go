package storage

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"time"

	"github.com/jackc/pgx/v5"
)

// LocalServerURL is the PostgreSQL that development uses when it answers.
const LocalServerURL = "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"

// devClusterPort is where a project-local cluster listens (loopback only).
const devClusterPort = "55432"

// ResolveDevDatabase finds a database for `make run` with no configuration:
// the PostgreSQL on 127.0.0.1:5432 if it answers, otherwise a project-local
// cluster under dataDir created and started with the system's initdb and
// pg_ctl. It creates the database dbName if missing and returns its URL.
func ResolveDevDatabase(ctx context.Context, dataDir, dbName string, logf func(string, ...any)) (string, error) {
	server := LocalServerURL
	if !answers("127.0.0.1:5432") {
		logf("no PostgreSQL answers on 127.0.0.1:5432; starting a project-local cluster")
		var err error
		if server, err = startLocalCluster(ctx, dataDir, logf); err != nil {
			return "", err
		}
	}
	if err := ensureDatabase(ctx, server, dbName); err != nil {
		return "", err
	}
	u, _ := url.Parse(server)
	u.Path = "/" + dbName
	return u.String(), nil
}

func answers(addr string) bool {
	c, err := net.DialTimeout("tcp", addr, time.Second)
	if err != nil {
		return false
	}
	c.Close()
	return true
}

func ensureDatabase(ctx context.Context, server, name string) error {
	conn, err := pgx.Connect(ctx, server)
	if err != nil {
		return fmt.Errorf("storage: connect to %s: %w", server, err)
	}
	defer conn.Close(ctx)
	var exists bool
	if err := conn.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)", name).Scan(&exists); err != nil {
		return fmt.Errorf("storage: look up database %s: %w", name, err)
	}
	if !exists {
		if _, err := conn.Exec(ctx, "CREATE DATABASE "+pgx.Identifier{name}.Sanitize()); err != nil {
			return fmt.Errorf("storage: create database %s: %w", name, err)
		}
	}
	return nil
}

// pgBinDir finds the newest installed PostgreSQL's bin directory.
func pgBinDir() (string, error) {
	if p, err := exec.LookPath("pg_ctl"); err == nil {
		// Resolve a symbolic link (e.g. /usr/local/bin/pg_ctl) to the
		// directory holding the other server programs (initdb, pg_basebackup).
		if real, err := filepath.EvalSymlinks(p); err == nil {
			p = real
		}
		return filepath.Dir(p), nil
	}
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	sort.Strings(dirs)
	for i := len(dirs) - 1; i >= 0; i-- {
		if _, err := os.Stat(filepath.Join(dirs[i], "pg_ctl")); err == nil {
			return dirs[i], nil
		}
	}
	return "", errors.New("PostgreSQL is neither running on 127.0.0.1:5432 nor installed (no initdb/pg_ctl found).\n" +
		"Install it (Debian: apt-get install postgresql) or set DATABASE_URL to a server you can use")
}

func startLocalCluster(ctx context.Context, dataDir string, logf func(string, ...any)) (string, error) {
	lc := &LocalCluster{Dir: dataDir, Port: devClusterPort, Logf: logf}
	if err := lc.Start(ctx); err != nil {
		return "", err
	}
	return lc.URL(), nil
}

// LocalCluster is a PostgreSQL cluster of its own under Dir, listening on
// 127.0.0.1:Port only, run with the system's initdb and pg_ctl (as the
// postgres user when running as root, since PostgreSQL refuses root). The
// development server uses one when nothing answers on 5432; tests use one
// to stop and restart a database under a running application.
type LocalCluster struct {
	Dir  string
	Port string
	Logf func(string, ...any)

	bin, runAs string
}

// URL is the cluster's postgres database.
func (lc *LocalCluster) URL() string {
	return "postgres://postgres@127.0.0.1:" + lc.Port + "/postgres?sslmode=disable"
}

func (lc *LocalCluster) logf(f string, a ...any) {
	if lc.Logf != nil {
		lc.Logf(f, a...)
	}
}

// Start creates the cluster when Dir holds none, and starts it unless it
// answers already.
func (lc *LocalCluster) Start(ctx context.Context) error {
	return lc.start(ctx, func(dir string) error {
		lc.logf("initdb %s", dir)
		return lc.run(ctx, "initdb", "-D", dir, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8")
	})
}

// StartStandbyOf creates the cluster, when Dir holds none, as a streaming
// replica of primary (pg_basebackup -R: a hot standby that follows it), and
// starts it. Tests use it to check the routing of reads to replicas.
func (lc *LocalCluster) StartStandbyOf(ctx context.Context, primary *LocalCluster) error {
	return lc.start(ctx, func(dir string) error {
		lc.logf("pg_basebackup of 127.0.0.1:%s into %s", primary.Port, dir)
		// A fast checkpoint: the default spreads it over most of
		// checkpoint_timeout, and the copy waited about 40 s for it.
		return lc.run(ctx, "pg_basebackup", "-D", dir, "-h", "127.0.0.1", "-p", primary.Port, "-U", "postgres", "-R", "-X", "stream", "--checkpoint=fast")
	})
}

func (lc *LocalCluster) start(ctx context.Context, create func(dir string) error) error {
	bin, err := pgBinDir()
	if err != nil {
		return err
	}
	lc.bin = bin
	if os.Geteuid() == 0 {
		if _, err := user.Lookup("postgres"); err != nil {
			return errors.New("running as root and no 'postgres' user exists to run the local cluster; run as a normal user or set DATABASE_URL")
		}
		lc.runAs = "postgres"
		if !reachableBy("postgres", lc.Dir) {
			lc.Dir = filepath.Join(os.TempDir(), "marketplace-pg")
		}
	}
	abs, _ := filepath.Abs(lc.Dir)
	lc.Dir = abs
	sock := filepath.Join(os.TempDir(), "mk-pg-sock")
	for _, d := range []string{abs, sock} {
		if err := os.MkdirAll(d, 0o700); err != nil {
			return err
		}
		if lc.runAs != "" {
			exec.Command("chown", lc.runAs, d).Run()
		}
	}
	if _, err := os.Stat(filepath.Join(abs, "PG_VERSION")); err != nil {
		if err := create(abs); err != nil {
			return err
		}
	}
	if answers("127.0.0.1:" + lc.Port) {
		return nil
	}
	lc.logf("starting the local cluster on 127.0.0.1:%s", lc.Port)
	opts := fmt.Sprintf("-c listen_addresses=127.0.0.1 -c port=%s -c unix_socket_directories=%s", lc.Port, sock)
	return lc.run(ctx, "pg_ctl", "-D", abs, "-o", opts, "-l", filepath.Join(abs, "server.log"), "-w", "start")
}

// Stop shuts the cluster down at once (fast mode: sessions are ended with
// admin_shutdown, as in a real outage) and waits until it has stopped.
func (lc *LocalCluster) Stop(ctx context.Context) error {
	return lc.StopMode(ctx, "fast")
}

// StopMode stops the cluster in a pg_ctl shutdown mode: "fast", or
// "immediate" (no checkpoint, crash recovery on the next start) for the
// fault experiments of tools/faults.
func (lc *LocalCluster) StopMode(ctx context.Context, mode string) error {
	return lc.run(ctx, "pg_ctl", "-D", lc.Dir, "-m", mode, "-w", "stop")
}

func (lc *LocalCluster) run(ctx context.Context, name string, args ...string) error {
	cmd := exec.CommandContext(ctx, filepath.Join(lc.bin, name), args...)
	if lc.runAs != "" {
		cmd = exec.CommandContext(ctx, "runuser", append([]string{"-u", lc.runAs, "--", filepath.Join(lc.bin, name)}, args...)...)
	}
	out, err := cmd.CombinedOutput()
	if err != nil {
		return fmt.Errorf("%s: %w\n%s", name, err, out)
	}
	return nil
}

// reachableBy reports whether user can write dir (or create it in its
// parent); a path it cannot traverse fails the same test.
func reachableBy(username, dir string) bool {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return false
	}
	target := abs
	if _, err := os.Stat(abs); err != nil {
		target = filepath.Dir(abs)
	}
	return exec.Command("runuser", "-u", username, "--", "test", "-w", target).Run() == nil
}
