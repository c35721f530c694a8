package main

import (
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"time"
)

// server is the marketplace binary run as a child process on a port chosen
// by the kernel once, so that it comes back on the same address after a kill.
type server struct {
	bin, dsn, addr, uploads string
	cmd                     *exec.Cmd
}

// build compiles the module at root once into dir.
func build(root, dir string) (string, error) {
	bin := filepath.Join(dir, "marketplace")
	cmd := exec.Command("go", "build", "-o", bin, ".")
	cmd.Dir = root
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("go build: %w\n%s", err, out)
	}
	return bin, nil
}

func freeAddr() (string, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer l.Close()
	return l.Addr().String(), nil
}

func (s *server) url() string { return "http://" + s.addr }

func (s *server) start() error {
	cmd := exec.Command(s.bin, "serve")
	// A one-second minimum window lets the tool publish its own project;
	// metrics stay off so nothing else takes a fixed port.
	cmd.Env = append(os.Environ(), "DATABASE_URL="+s.dsn, "RUN_MIGRATIONS=1", "HTTP_ADDR="+s.addr, "METRICS_ADDR=",
		"MARKET_MIN_BIDDING_WINDOW=1s", "UPLOAD_DIR="+s.uploads, "COOKIE_SECURE=false", "DISABLE_SCHEDULER=true")
	log, err := os.OpenFile(filepath.Join(s.uploads, "server.log"), os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
	if err != nil {
		return err
	}
	cmd.Stdout, cmd.Stderr = log, log
	if err := cmd.Start(); err != nil {
		return err
	}
	s.cmd = cmd
	go cmd.Wait()
	return s.waitReady(60 * time.Second)
}

// waitReady polls /readyz until it answers 200 or the deadline passes.
func (s *server) waitReady(limit time.Duration) error {
	deadline := time.Now().Add(limit)
	c := &http.Client{Timeout: time.Second}
	for time.Now().Before(deadline) {
		if res, err := c.Get(s.url() + "/readyz"); err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return nil
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	return fmt.Errorf("server on %s not ready within %s (log: %s)", s.addr, limit, filepath.Join(s.uploads, "server.log"))
}

// kill sends SIGKILL: no shutdown hook, no flush, as in a power cut.
func (s *server) kill() {
	if s.cmd != nil && s.cmd.Process != nil {
		s.cmd.Process.Signal(syscall.SIGKILL)
		for s.cmd.ProcessState == nil {
			time.Sleep(5 * time.Millisecond)
		}
	}
}
