package outbox

import (
	"encoding/binary"
	"strings"

	bolt "go.etcd.io/bbolt"
)

// bucketKinds counts the undelivered records per state and kind: key
// "<state>/<kind>", value an 8-byte big-endian count. save keeps it as records move;
// sweep and Open recount it from the records when that cannot be trusted (damage
// set records aside, or the outbox was written before the counts existed). It
// lets Stats say how many of the waiting records are of a kind — the residents'
// requests apart from staff audit entries — without reading every record.
var bucketKinds = []byte("kinds")

// KindCounts counts one kind's undelivered records by state.
type KindCounts struct {
	Queued, InFlight, NeedsAttention int
}

// Waiting is the records of the kind still to be sent: queued and in flight.
func (k KindCounts) Waiting() int { return k.Queued + k.InFlight }

func kindKey(state State, kind string) []byte {
	return []byte(string(state) + "/" + kind)
}

// countKind adds d to the count of kind in state; delivered records are not
// counted.
func countKind(tx *bolt.Tx, state State, kind string, d int64) error {
	if state == Delivered || state == "" {
		return nil
	}
	b := tx.Bucket(bucketKinds)
	k := kindKey(state, kind)
	n := max(int64(getUint(b, k))+d, 0)
	if n == 0 {
		return b.Delete(k)
	}
	return putUint(b, k, uint64(n))
}

// recountKinds rebuilds bucketKinds from the records that decode.
func recountKinds(tx *bolt.Tx) error {
	if err := tx.DeleteBucket(bucketKinds); err != nil && tx.Bucket(bucketKinds) != nil {
		return err
	}
	b, err := tx.CreateBucket(bucketKinds)
	if err != nil {
		return err
	}
	counts := map[string]uint64{}
	err = tx.Bucket(bucketRecords).ForEach(func(k, v []byte) error {
		if r, err := decodeRecord(k, v); err == nil && r.State != Delivered {
			counts[string(kindKey(r.State, r.Kind))]++
		}
		return nil
	})
	if err != nil {
		return err
	}
	for k, n := range counts {
		if err := putUint(b, []byte(k), n); err != nil {
			return err
		}
	}
	return nil
}

// readKinds returns the counts per kind.
func readKinds(tx *bolt.Tx) map[string]KindCounts {
	out := map[string]KindCounts{}
	tx.Bucket(bucketKinds).ForEach(func(k, v []byte) error {
		state, kind, ok := strings.Cut(string(k), "/")
		if !ok || len(v) != 8 {
			return nil
		}
		n := int(binary.BigEndian.Uint64(v))
		c := out[kind]
		switch State(state) {
		case Queued:
			c.Queued += n
		case InFlight:
			c.InFlight += n
		case NeedsAttention:
			c.NeedsAttention += n
		}
		out[kind] = c
		return nil
	})
	return out
}
