package main

import (
	"bufio"
	"os"
	"strconv"
	"strings"
	"time"
)

// The rates of a phase move with whatever else the shared machine runs;
// the CPU the whole machine spent per request moves less, so each phase
// also reports it (docs/performance.md). It is read from /proc/stat, so
// it counts the server, PostgreSQL, this tool and anything else running.

// userHZ is the unit of /proc/stat's counters on Linux.
const userHZ = 100

// machineBusy is the CPU time the machine has spent outside idle and I/O
// wait since boot, or 0 where /proc/stat cannot be read.
func machineBusy() time.Duration {
	f, err := os.Open("/proc/stat")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	if !sc.Scan() {
		return 0
	}
	fields := strings.Fields(sc.Text()) // cpu user nice system idle iowait irq softirq steal ...
	if len(fields) < 9 || fields[0] != "cpu" {
		return 0
	}
	var ticks int64
	for i, v := range fields[1:9] {
		if i == 3 || i == 4 { // idle, iowait
			continue
		}
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return 0
		}
		ticks += n
	}
	return time.Duration(ticks) * time.Second / userHZ
}
