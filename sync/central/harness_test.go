package central_test

import (
	"testing"

	"github.com/bawaba/bawaba/sync/central/centraltest"
	"github.com/bawaba/bawaba/sync/central/store"
	"github.com/bawaba/bawaba/sync/central/store/storetest"
)

// registrySize is how many synthetic people each test's central service knows.
const registrySize = 40

// newHarness starts central on the store open gives, with registrySize people.
func newHarness(t testing.TB, open func(testing.TB) store.Store) *centraltest.Central {
	t.Helper()
	return centraltest.Start(t, centraltest.Options{Open: open, People: registrySize})
}

// eachBackend runs fn as a subtest on bbolt and on PostgreSQL.
func eachBackend(t *testing.T, fn func(t *testing.T, h *centraltest.Central)) {
	for _, b := range storetest.Backends {
		t.Run(b.Name, func(t *testing.T) { fn(t, newHarness(t, b.Open)) })
	}
}

var boltOpen = storetest.MustOpenBolt
