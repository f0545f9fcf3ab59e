package central_test

import (
	"context"
	"testing"

	"github.com/bawaba/bawaba/sync/central"
	"github.com/bawaba/bawaba/sync/central/centraltest"
)

// A bundle of several batches, whose next batch is prepared while the last one
// commits: cut short after its first batch and imported again, then imported a
// third time, every record is stored once, and the answers add up (issue #13:
// 0 lost, 0 applied twice).
func TestImportOfSeveralBatchesOnce(t *testing.T) {
	n := 2*central.ImportBatch + 10
	h := centraltest.Start(t, centraltest.Options{People: benchPeople})
	bundle := kioskBundle(t, h, n)

	// The operator stops the first import once a batch is done.
	ctx, cancel := context.WithCancel(context.Background())
	_, _, err := h.Server.Import(ctx, bundle, func(done, total int) {
		if done >= central.ImportBatch {
			cancel()
		}
	})
	if err == nil {
		t.Fatal("an import cut short reported success")
	}
	stored := h.Records(t)
	if stored < central.ImportBatch || stored >= n {
		t.Fatalf("after the cut: %d records stored, want at least the first batch of %d and not all %d", stored, central.ImportBatch, n)
	}

	var steps []int
	_, sum, err := h.Server.Import(context.Background(), bundle, func(done, total int) { steps = append(steps, done) })
	if err != nil {
		t.Fatal(err)
	}
	if sum.Accepted != n-stored || sum.Duplicate != stored || sum.Rejected != 0 || h.Records(t) != n {
		t.Fatalf("second import: %+v, %d stored before, %d after", sum, stored, h.Records(t))
	}
	for i := 1; i < len(steps); i++ {
		if steps[i] <= steps[i-1] {
			t.Fatalf("progress went back: %v", steps)
		}
	}
	if len(steps) != 4 || steps[len(steps)-1] != n {
		t.Fatalf("progress %v: want 0, then after each of the 3 batches, ending at %d", steps, n)
	}

	_, sum, err = h.Server.Import(context.Background(), bundle, nil)
	if err != nil || sum.Accepted != 0 || sum.Duplicate != n || h.Records(t) != n {
		t.Fatalf("third import: %+v %v, %d stored", sum, err, h.Records(t))
	}
}
