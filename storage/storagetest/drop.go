package storagetest

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// Dropping a database makes PostgreSQL (before 16) wait for a checkpoint,
// seconds on a busy server. Under Main, tests do not wait for it: databases
// are dropped in the background, several at once (concurrent drops share
// checkpoints), and Main waits for the last before the process ends.

// dropConcurrency bounds the connections background drops hold at once.
const dropConcurrency = 4

var drops struct {
	mu    sync.Mutex
	async bool
	wg    sync.WaitGroup
	slots chan struct{}
}

// Main runs the package's tests and then waits for their databases to be
// dropped. Call it from TestMain:
//
//	func TestMain(m *testing.M) { storagetest.Main(m) }
func Main(m *testing.M) {
	drops.mu.Lock()
	drops.async = true
	drops.slots = make(chan struct{}, dropConcurrency)
	drops.mu.Unlock()
	m.Run() // its result becomes the exit code when TestMain returns
	drops.wg.Wait()
}

// dropLater drops database name now, or in the background under Main.
func dropLater(name string) {
	drops.mu.Lock()
	async := drops.async
	if async {
		drops.wg.Add(1)
	}
	drops.mu.Unlock()
	if !async {
		dropDatabase(name)
		return
	}
	go func() {
		defer drops.wg.Done()
		drops.slots <- struct{}{}
		defer func() { <-drops.slots }()
		dropDatabase(name)
	}()
}

// dropDatabase drops name, ending any connection still open to it.
func dropDatabase(name string) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	conn, err := pgx.Connect(ctx, ServerURL())
	if err != nil {
		return
	}
	defer conn.Close(ctx)
	conn.Exec(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)")
}
