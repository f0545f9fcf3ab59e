// Package parallel spreads independent work on a batch over the machine's
// cores: the central service seals, opens and decodes a batch's values inside
// one write transaction, where a single core would otherwise do them all while
// the rest wait.
package parallel

import (
	"runtime"
	"sync"
	"sync/atomic"
)

// For calls fn(i) for every i below n, on up to GOMAXPROCS goroutines when n
// is worth it (16 items or more a worker), else in order on the caller's
// goroutine. fn must be safe to call concurrently for different i.
func For(n int, fn func(i int)) {
	workers := min(runtime.GOMAXPROCS(0), n/16)
	if workers < 2 {
		for i := range n {
			fn(i)
		}
		return
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for i := int(next.Add(1) - 1); i < n; i = int(next.Add(1) - 1) {
				fn(i)
			}
		})
	}
	wg.Wait()
}
