package parallel

import (
	"sync/atomic"
	"testing"
)

// TestForCallsEachIndexOnce covers both paths: in order (few items) and on
// several goroutines.
func TestForCallsEachIndexOnce(t *testing.T) {
	for _, n := range []int{0, 1, 15, 31, 32, 1000} {
		calls := make([]atomic.Int32, n)
		For(n, func(i int) { calls[i].Add(1) })
		for i := range calls {
			if got := calls[i].Load(); got != 1 {
				t.Fatalf("n=%d: index %d called %d times, want once", n, i, got)
			}
		}
	}
}
