package outbox

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"time"

	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"

	"github.com/bawaba/bawaba/sync/seal"
)

// Bucket names. Records live under their receipt reference, which their ID carries
// (see idGen), so ByRef and Get need no second index. Each state has an index bucket
// keyed by record ID, so that scans in key order are scans in creation order.
var (
	bucketRecords = []byte("records") // Ref -> encodeRecord: metadata and sealed payload
	bucketMeta    = []byte("meta")    // schema version and counters
	// Index values: queued -> NextAttempt, in_flight -> LeaseUntil, delivered ->
	// delivery time (8-byte big-endian Unix nanoseconds); needs_attention -> empty.
	stateBuckets = map[State][]byte{
		Queued:         []byte(Queued),
		InFlight:       []byte(InFlight),
		NeedsAttention: []byte(NeedsAttention),
		Delivered:      []byte(Delivered),
	}
	keySchema      = []byte("schema")
	keyUndelivered = []byte("undelivered") // count of queued + in_flight + needs_attention
	keyBytes       = []byte("bytes")       // sealed bytes of those records
	schemaVersion  = []byte("bawaba-outbox-2")
)

// Store is an open outbox. Its methods are safe for concurrent use.
type Store struct {
	path     string
	opts     Options
	db       *bolt.DB     // nil when degraded
	degraded *FreezeError // non-nil when degraded
	ids      idGen

	sealerMu sync.Mutex
	sealer   *seal.Sealer // for the current key; replaced when it rotates
	sealDone bool         // Close ran: no more background sealing

	reserveMu    sync.Mutex // guards reservedFrom; see keepReserve
	reservedFrom int64      // data end the reserve was last allocated from

	mu         sync.Mutex // guards the fields below
	closed     bool
	pending    []*enqueueReq // Enqueues waiting for the next group commit
	committing bool          // a leader is committing; see submit
	inflight   sync.WaitGroup
}

// Open opens or creates the outbox at path. A file that fails the meta-page check,
// bbolt's consistency check or is not an outbox gives ErrCorrupt and is left
// untouched; a missing or empty file that the marker says held an outbox gives
// ErrVanished. Damaged records are quarantined (see Quarantined).
func Open(path string, opts Options) (*Store, error) {
	if opts.KioskID == "" {
		return nil, fmt.Errorf("%w: Options.KioskID is required", ErrInvalid)
	}
	opts = opts.withDefaults()
	if err := checkVanished(path); err != nil {
		return nil, err
	}
	db, err := openDB(path, opts)
	if err != nil {
		return nil, err
	}
	s := &Store{path: path, opts: opts, db: db}
	s.keepReserve()
	if err := writeMarker(path, s.undeliveredCount(), opts.Now()); err != nil {
		// A marker already there still says an outbox exists (its count is older):
		// a full disk must not stop a kiosk whose delivery would free space.
		if _, serr := os.Stat(markerPath(path)); serr != nil {
			db.Close()
			return nil, err
		}
	}
	// Start preparing encapsulations now, so the first person's request is quick too.
	if k, err := s.key(opts.Now()); err == nil {
		s.sealerFor(k)
	}
	return s, nil
}

// OpenOrDegrade is Open for the kiosk's start-up: it always returns a Store. When the
// file is damaged, it is renamed to "<path>.corrupt-<UTC time>" (never deleted) and
// the Store is degraded; so it is when the file cannot be opened at all (permissions,
// lock held) or when a damaged copy from an earlier start is still present. A degraded
// Store refuses every operation with a *FreezeError wrapping ErrDegraded; Degraded
// says why, for the staff screen and the log.
func OpenOrDegrade(path string, opts Options) *Store {
	if left, _ := filepath.Glob(globEscape(path) + ".corrupt-*"); len(left) > 0 {
		return degradedStore(path, opts, &FreezeError{Reason: FreezeDegraded,
			Detail: fmt.Sprintf("damaged outbox kept at %s awaiting recovery by staff", left[0])})
	}
	s, err := Open(path, opts)
	if err == nil {
		return s
	}
	fe := &FreezeError{Reason: FreezeDegraded, Detail: "cannot open " + path, Err: err}
	if errors.Is(err, ErrVanished) {
		// Nothing to move aside but, perhaps, an empty file; the marker stays, so
		// every start says so until staff have looked and removed it.
		fe.Detail = "outbox missing or emptied: undelivered requests may be lost; staff must check, then remove " + markerPath(path)
		return degradedStore(path, opts, fe)
	}
	if errors.Is(err, ErrCorrupt) {
		aside := fmt.Sprintf("%s.corrupt-%s", path, opts.now().UTC().Format("20060102T150405.000000000Z"))
		if rerr := os.Rename(path, aside); rerr != nil {
			fe.Detail = fmt.Sprintf("damaged outbox at %s could not be moved aside (%v)", path, rerr)
		} else {
			fe.Detail = fmt.Sprintf("damaged outbox moved to %s", aside)
			// The copy aside now stands for the outbox the marker speaks of: it keeps
			// later starts degraded until staff have recovered it.
			os.Remove(markerPath(path))
		}
	}
	return degradedStore(path, opts, fe)
}

func degradedStore(path string, opts Options, fe *FreezeError) *Store {
	return &Store{path: path, opts: opts.withDefaults(), degraded: fe, closed: true}
}

// Degraded returns nil for a working Store, or the *FreezeError that explains why it
// refuses everything.
func (s *Store) Degraded() error {
	if s.degraded == nil {
		return nil
	}
	return s.degraded
}

func (o Options) now() time.Time {
	if o.Now == nil {
		return time.Now()
	}
	return o.Now()
}

func globEscape(p string) string {
	var b bytes.Buffer
	for _, c := range p {
		if c == '*' || c == '?' || c == '[' || c == '\\' {
			b.WriteByte('\\')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// openDB opens the bbolt file, checks it page by page and creates the buckets of a
// new outbox.
func openDB(path string, opts Options) (db *bolt.DB, err error) {
	// bbolt panics on some kinds of damage instead of returning an error; a damaged
	// file must degrade the kiosk, not crash it in a loop.
	// If it panics inside bolt.Open, there is no *DB to close: the file is closed
	// through the handle kept here, but bbolt's memory map of it stays until the
	// process exits, and with it the file lock (see Caveats).
	if err := checkBoltFile(path); err != nil {
		return nil, err
	}
	var file *os.File
	defer func() {
		if p := recover(); p != nil {
			if db != nil {
				db.Close()
			} else if file != nil {
				file.Close()
			}
			db, err = nil, fmt.Errorf("%w: %s: %v", ErrCorrupt, path, p)
		}
	}()
	db, err = bolt.Open(path, 0o600, &bolt.Options{
		Timeout:      opts.LockTimeout,
		MaxSize:      opts.MaxFileBytes,
		FreelistType: bolt.FreelistMapType,
		// NoFreelistSync would save a page per commit, but then Open rebuilds the
		// freelist in a goroutine of bbolt's own that panics, uncatchably, on a
		// damaged file — the kiosk would crash in a loop instead of degrading.
		NoFreelistSync: false,
		OpenFile: func(name string, flag int, perm os.FileMode) (*os.File, error) {
			f, err := os.OpenFile(name, flag, perm)
			file = f
			return f, err
		},
	})
	if err != nil {
		if errors.Is(err, berrors.ErrInvalid) || errors.Is(err, berrors.ErrChecksum) ||
			errors.Is(err, berrors.ErrVersionMismatch) || isSizeError(path) {
			return nil, fmt.Errorf("%w: %s: %v", ErrCorrupt, path, err)
		}
		return nil, fmt.Errorf("outbox: open %s: %w", path, err)
	}
	if err := checkDB(db); err != nil {
		db.Close()
		return nil, fmt.Errorf("%w: %s: %v", ErrCorrupt, path, err)
	}
	err = db.Update(func(tx *bolt.Tx) error {
		meta := tx.Bucket(bucketMeta)
		if meta == nil {
			if tx.Bucket(bucketRecords) != nil {
				return fmt.Errorf("%w: records without schema", ErrCorrupt)
			}
			return createSchema(tx)
		}
		if !bytes.Equal(meta.Get(keySchema), schemaVersion) {
			return fmt.Errorf("%w: schema %q", ErrCorrupt, meta.Get(keySchema))
		}
		for _, name := range allBuckets() {
			if tx.Bucket(name) == nil {
				return fmt.Errorf("%w: bucket %s missing", ErrCorrupt, name)
			}
		}
		// Outboxes written before quarantine existed lack its bucket.
		if _, err := tx.CreateBucketIfNotExists(bucketQuarantine); err != nil {
			return err
		}
		// Those written before the counts per kind lack theirs: counted once here.
		if tx.Bucket(bucketKinds) == nil {
			if err := recountKinds(tx); err != nil {
				return err
			}
		}
		_, err := sweep(tx, opts.now())
		return err
	})
	if err != nil {
		db.Close()
		if errors.Is(err, ErrCorrupt) {
			return nil, fmt.Errorf("%w: %s: %v", ErrCorrupt, path, err)
		}
		return nil, fmt.Errorf("outbox: open %s: %w", path, storageErr(err))
	}
	return db, nil
}

// isSizeError reports a non-empty file too short to be a bbolt database, which bbolt
// reports with an unwrapped error.
func isSizeError(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && fi.Size() > 0 && fi.Size() < 2*int64(os.Getpagesize())
}

// checkDB runs bbolt's consistency check: every page reachable once, freelist sane.
func checkDB(db *bolt.DB) error {
	return db.View(func(tx *bolt.Tx) error {
		var errs []error
		for err := range tx.Check() {
			errs = append(errs, err)
			if len(errs) == 10 {
				break
			}
		}
		return errors.Join(errs...)
	})
}

func allBuckets() [][]byte {
	b := [][]byte{bucketRecords, bucketMeta}
	for _, name := range stateBuckets {
		b = append(b, name)
	}
	return b
}

func createSchema(tx *bolt.Tx) error {
	for _, name := range allBuckets() {
		if _, err := tx.CreateBucketIfNotExists(name); err != nil {
			return err
		}
	}
	meta := tx.Bucket(bucketMeta)
	if err := meta.Put(keySchema, schemaVersion); err != nil {
		return err
	}
	if _, err := tx.CreateBucket(bucketQuarantine); err != nil {
		return err
	}
	if _, err := tx.CreateBucket(bucketKinds); err != nil {
		return err
	}
	if err := putUint(meta, keyUndelivered, 0); err != nil {
		return err
	}
	return putUint(meta, keyBytes, 0)
}

// Close waits for pending Enqueues to commit and closes the file.
func (s *Store) Close() error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil
	}
	s.closed = true
	s.mu.Unlock()
	s.inflight.Wait()
	s.sealerMu.Lock()
	if s.sealer != nil {
		s.sealer.Close()
	}
	s.sealDone = true
	s.sealerMu.Unlock()
	merr := writeMarker(s.path, s.undeliveredCount(), s.opts.Now())
	if err := s.db.Close(); err != nil {
		return fmt.Errorf("outbox: close: %w", err)
	}
	return merr
}

// usable returns the error every operation reports on a degraded or closed Store.
func (s *Store) usable() error {
	if s.degraded != nil {
		return s.degraded
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return ErrClosed
	}
	return nil
}

// storageErr marks a failed commit as ErrStorage, keeping the cause (ENOSPC, EIO).
func storageErr(err error) error {
	var fe *FreezeError
	if err == nil || errors.Is(err, ErrNotFound) || errors.Is(err, ErrState) ||
		errors.Is(err, ErrInvalid) || errors.Is(err, ErrCorrupt) || errors.As(err, &fe) {
		return err
	}
	return fmt.Errorf("%w: %w", ErrStorage, err)
}

func timeBytes(t time.Time) []byte {
	return binary.BigEndian.AppendUint64(nil, uint64(t.UnixNano()))
}

func bytesTime(b []byte) (time.Time, bool) {
	if len(b) != 8 {
		return time.Time{}, false
	}
	return time.Unix(0, int64(binary.BigEndian.Uint64(b))), true
}

func getUint(b *bolt.Bucket, key []byte) uint64 {
	v := b.Get(key)
	if len(v) != 8 {
		return 0
	}
	return binary.BigEndian.Uint64(v)
}

func putUint(b *bolt.Bucket, key []byte, v uint64) error {
	return b.Put(key, binary.BigEndian.AppendUint64(nil, v))
}

// adjust changes the undelivered counters that enforce the capacity bound.
func adjust(tx *bolt.Tx, dCount, dBytes int64) error {
	meta := tx.Bucket(bucketMeta)
	if err := putUint(meta, keyUndelivered, uint64(int64(getUint(meta, keyUndelivered))+dCount)); err != nil {
		return err
	}
	return putUint(meta, keyBytes, uint64(int64(getUint(meta, keyBytes))+dBytes))
}

// load reads a record and a copy of its payload inside tx.
func load(tx *bolt.Tx, id string) (Record, error) {
	rf, ok := refOfID(id)
	if !ok {
		return Record{}, ErrNotFound
	}
	r, err := loadRef(tx, rf)
	if err != nil {
		return Record{}, err
	}
	if r.ID != id {
		return Record{}, ErrNotFound // same reference bits, another record
	}
	return r, nil
}

// loadRef reads the record stored under a canonical receipt reference.
func loadRef(tx *bolt.Tx, rf string) (Record, error) {
	v := tx.Bucket(bucketRecords).Get([]byte(rf))
	if v == nil {
		return Record{}, ErrNotFound
	}
	return decodeRecord([]byte(rf), v)
}

// save writes r with its payload and moves its index entry from the from state to r.State. The index
// value is the time that orders work in the new state.
func save(tx *bolt.Tx, r *Record, from State) error {
	v, err := encodeRecord(r)
	if err != nil {
		return err
	}
	if err := tx.Bucket(bucketRecords).Put([]byte(r.Ref), v); err != nil {
		return err
	}
	if from != "" {
		if err := tx.Bucket(stateBuckets[from]).Delete([]byte(r.ID)); err != nil {
			return err
		}
	}
	if from != r.State {
		if err := countKind(tx, from, r.Kind, -1); err != nil {
			return err
		}
		if err := countKind(tx, r.State, r.Kind, 1); err != nil {
			return err
		}
	}
	var idx []byte
	switch r.State {
	case Queued:
		idx = timeBytes(r.NextAttempt)
	case InFlight:
		idx = timeBytes(r.LeaseUntil)
	case Delivered:
		idx = timeBytes(r.Updated)
	case NeedsAttention:
		idx = []byte{}
	}
	return tx.Bucket(stateBuckets[r.State]).Put([]byte(r.ID), idx)
}
