package server

import (
	"fmt"
	"net"
	"net/http"
	"time"
)

// DefaultMetricsAddr is where metrics and profiling listen unless
// METRICS_ADDR says otherwise: loopback, so that only the host (or a
// scraper given access to it) reads them.
const DefaultMetricsAddr = "127.0.0.1:9090"

// serveOps starts the operators' listener (METRICS_ADDR): /metrics and
// /debug/pprof/, kept off the public listener because request counters by
// route are platform-wide bid counters. It returns nil when METRICS_ADDR is
// empty (turned off). Serve errors other than a shutdown go to errc.
func (m *Main) serveOps(errc chan<- error) (*http.Server, error) {
	if m.Config.MetricsAddr == "" {
		return nil, nil
	}
	ln, err := net.Listen("tcp", m.Config.MetricsAddr)
	if err != nil {
		return nil, fmt.Errorf("listen %s (METRICS_ADDR): %w", m.Config.MetricsAddr, err)
	}
	m.MetricsAddr = ln.Addr().String()
	// No write timeout: a CPU profile or trace streams for as long as asked.
	srv := &http.Server{Handler: m.Server.OpsHandler(), ReadHeaderTimeout: 10 * time.Second}
	go func() {
		if err := srv.Serve(ln); err != http.ErrServerClosed {
			errc <- fmt.Errorf("metrics listener: %w", err)
		}
	}()
	m.Log.Info("metrics and profiling", "url", "http://"+m.MetricsAddr+"/metrics")
	return srv, nil
}
