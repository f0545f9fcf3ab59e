// Package pgstore is the PostgreSQL backend of the central service's store, for
// fleets of thousands of kiosks and several stateless central replicas sharing one
// database. Buckets are rows of one table keyed by (bucket, key).
//
// # Caveats
//
//   - Transactions run at READ COMMITTED. Reads inside Update lock the row
//     (SELECT ... FOR UPDATE, except in the buckets listed in insertOnly) and Insert is INSERT ... ON CONFLICT DO NOTHING, so
//     read-modify-write and create-if-absent are safe across replicas; code must use
//     Insert, not Get-then-Put, to create something that must be unique.
//   - Update retries fn on serialization failures and deadlocks (SQLSTATE 40001,
//     40P01), so fn may run more than once.
package pgstore

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"regexp"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/bawaba/bawaba/sync/central/store"
)

// Store is a store.Store on a PostgreSQL database.
type Store struct {
	pool   *pgxpool.Pool
	schema string
}

var _ store.Store = (*Store)(nil)

var schemaName = regexp.MustCompile(`^[a-z_][a-z0-9_]{0,62}$`)

// Options tunes Open; the zero value uses the "public" schema and pgx defaults.
type Options struct {
	// Schema holds the table; created when missing. Tests give each test its own.
	Schema string
	// MaxConns caps the connection pool; zero keeps pgx's default (4 or NumCPU).
	MaxConns int32
}

// Open connects to url and creates the schema and table when missing.
func Open(ctx context.Context, url string, opt Options) (*Store, error) {
	if opt.Schema == "" {
		opt.Schema = "public"
	}
	if !schemaName.MatchString(opt.Schema) {
		return nil, fmt.Errorf("pgstore: invalid schema name %q", opt.Schema)
	}
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("pgstore: parse URL: %w", err)
	}
	if opt.MaxConns > 0 {
		cfg.MaxConns = opt.MaxConns
	}
	cfg.ConnConfig.RuntimeParams["search_path"] = opt.Schema
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("pgstore: connect: %w", err)
	}
	s := &Store{pool: pool, schema: opt.Schema}
	if err := s.migrate(ctx); err != nil {
		pool.Close()
		return nil, err
	}
	return s, nil
}

func (s *Store) migrate(ctx context.Context) error {
	// Two replicas may start at once: IF NOT EXISTS can still race on the catalog,
	// so serialize with an advisory lock held for the transaction.
	return pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		stmts := []string{
			`SELECT pg_advisory_xact_lock(7422001)`,
			`CREATE SCHEMA IF NOT EXISTS ` + s.schema,
			`CREATE TABLE IF NOT EXISTS ` + s.schema + `.kv (
				bucket text NOT NULL,
				key bytea NOT NULL,
				value bytea NOT NULL,
				PRIMARY KEY (bucket, key))`,
		}
		for _, q := range stmts {
			if _, err := tx.Exec(ctx, q); err != nil {
				return fmt.Errorf("pgstore: migrate: %w", err)
			}
		}
		return nil
	})
}

// maxAttempts bounds retries of a transaction that lost a serialization race.
const maxAttempts = 10

// Update runs fn in a read-write transaction, retrying on serialization failures.
func (s *Store) Update(ctx context.Context, fn func(store.Tx) error) error {
	var err error
	for range maxAttempts {
		err = pgx.BeginFunc(ctx, s.pool, func(ptx pgx.Tx) error {
			t := &tx{ctx: ctx, t: ptx, write: true}
			if err := fn(t); err != nil {
				return err
			}
			return t.flush()
		})
		if !retryable(err) {
			return err
		}
	}
	return fmt.Errorf("pgstore: update: %d attempts: %w", maxAttempts, err)
}

// View runs fn in a read-only transaction.
func (s *Store) View(ctx context.Context, fn func(store.Tx) error) error {
	return pgx.BeginTxFunc(ctx, s.pool, pgx.TxOptions{AccessMode: pgx.ReadOnly}, func(ptx pgx.Tx) error {
		return fn(&tx{ctx: ctx, t: ptx})
	})
}

// Ping checks the database answers.
func (s *Store) Ping(ctx context.Context) error { return s.pool.Ping(ctx) }

// Close closes the pool.
func (s *Store) Close() error {
	s.pool.Close()
	return nil
}

// DropSchema removes the schema and everything in it; tests use it to clean up.
func (s *Store) DropSchema(ctx context.Context) error {
	if s.schema == "public" {
		return errors.New("pgstore: refusing to drop the public schema")
	}
	_, err := s.pool.Exec(ctx, `DROP SCHEMA IF EXISTS `+s.schema+` CASCADE`)
	return err
}

// VacuumFull rewrites the table with only its live rows, so the old versions of
// rewritten values (dead rows) leave the table's files. The vault calls for it
// after encrypting a database that held its keys in clear. It locks the table
// while it runs; copies in WAL segments and backups are beyond its reach.
func (s *Store) VacuumFull(ctx context.Context) error {
	if _, err := s.pool.Exec(ctx, `VACUUM FULL `+s.schema+`.kv`); err != nil {
		return fmt.Errorf("pgstore: vacuum: %w", err)
	}
	return nil
}

func retryable(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && (pe.Code == "40001" || pe.Code == "40P01")
}

// insertOnly are the buckets the central service never reads-then-rewrites within
// a transaction (registry entries, records, statuses): reading them need not lock
// the row, which spares concurrent batches that touch the same person from waiting
// on each other.
var insertOnly = map[store.Bucket]bool{store.People: true, store.Records: true, store.Statuses: true}

type tx struct {
	ctx   context.Context
	t     pgx.Tx
	write bool
	// Puts and Deletes are queued and sent in one round trip (a pgx batch) when the
	// transaction ends or before a statement that could observe them; pending holds
	// the latest queued value per key (nil for a delete) so Get sees its own writes.
	queue   pgx.Batch
	pending map[bkey][]byte
}

type bkey struct {
	b   store.Bucket
	key string
}

func (t *tx) enqueue(b store.Bucket, key string, value []byte, sql string, args ...any) {
	if t.pending == nil {
		t.pending = map[bkey][]byte{}
	}
	t.pending[bkey{b, key}] = value
	t.queue.Queue(sql, args...)
}

// flush sends the queued writes.
func (t *tx) flush() error {
	if t.queue.Len() == 0 {
		return nil
	}
	err := t.t.SendBatch(t.ctx, &t.queue).Close()
	t.queue, t.pending = pgx.Batch{}, nil
	if err != nil {
		return fmt.Errorf("pgstore: write: %w", err)
	}
	return nil
}

func (t *tx) Get(b store.Bucket, key string) ([]byte, error) {
	if v, ok := t.pending[bkey{b, key}]; ok {
		if v == nil {
			return nil, store.ErrNotFound
		}
		return bytes.Clone(v), nil
	}
	q := `SELECT value FROM kv WHERE bucket = $1 AND key = $2`
	if t.write && !insertOnly[b] {
		// Lock the row so a concurrent read-modify-write waits for this one.
		q += ` FOR UPDATE`
	}
	var v []byte
	err := t.t.QueryRow(t.ctx, q, string(b), []byte(key)).Scan(&v)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, store.ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("pgstore: get %s: %w", b, err)
	}
	return v, nil
}

func (t *tx) GetMany(b store.Bucket, keys []string) ([][]byte, error) {
	out := make([][]byte, len(keys))
	idx := map[string][]int{}
	var ask [][]byte
	for i, k := range keys {
		if v, ok := t.pending[bkey{b, k}]; ok {
			out[i] = bytes.Clone(v)
			continue
		}
		if idx[k] == nil {
			ask = append(ask, []byte(k))
		}
		idx[k] = append(idx[k], i)
	}
	if len(ask) == 0 {
		return out, nil
	}
	rows, err := t.t.Query(t.ctx, `SELECT key, value FROM kv WHERE bucket = $1 AND key = ANY($2::bytea[])`, string(b), ask)
	if err != nil {
		return nil, fmt.Errorf("pgstore: get %s: %w", b, err)
	}
	defer rows.Close()
	for rows.Next() {
		var k, v []byte
		if err := rows.Scan(&k, &v); err != nil {
			return nil, fmt.Errorf("pgstore: get %s: %w", b, err)
		}
		for _, i := range idx[string(k)] {
			out[i] = v
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("pgstore: get %s: %w", b, err)
	}
	return out, nil
}

func (t *tx) Put(b store.Bucket, key string, value []byte) error {
	if !t.write {
		return store.ErrReadOnly
	}
	if value == nil {
		value = []byte{}
	}
	t.enqueue(b, key, value, `INSERT INTO kv (bucket, key, value) VALUES ($1, $2, $3)
		ON CONFLICT (bucket, key) DO UPDATE SET value = EXCLUDED.value`, string(b), []byte(key), value)
	return nil
}

func (t *tx) Insert(b store.Bucket, key string, value []byte) (bool, error) {
	if !t.write {
		return false, store.ErrReadOnly
	}
	if value == nil {
		value = []byte{}
	}
	if _, ok := t.pending[bkey{b, key}]; ok {
		if err := t.flush(); err != nil {
			return false, err
		}
	}
	tag, err := t.t.Exec(t.ctx, `INSERT INTO kv (bucket, key, value) VALUES ($1, $2, $3)
		ON CONFLICT (bucket, key) DO NOTHING`, string(b), []byte(key), value)
	if err != nil {
		return false, fmt.Errorf("pgstore: insert %s: %w", b, err)
	}
	return tag.RowsAffected() == 1, nil
}

func (t *tx) InsertMany(b store.Bucket, keys []string, values [][]byte) ([]bool, error) {
	if !t.write {
		return nil, store.ErrReadOnly
	}
	if err := t.flush(); err != nil {
		return nil, err
	}
	ks := make([][]byte, len(keys))
	vs := make([][]byte, len(keys))
	for i, k := range keys {
		ks[i], vs[i] = []byte(k), values[i]
		if vs[i] == nil {
			vs[i] = []byte{}
		}
	}
	rows, err := t.t.Query(t.ctx, `INSERT INTO kv (bucket, key, value)
		SELECT $1, k, v FROM unnest($2::bytea[], $3::bytea[]) AS u(k, v)
		ON CONFLICT (bucket, key) DO NOTHING RETURNING key`, string(b), ks, vs)
	if err != nil {
		return nil, fmt.Errorf("pgstore: insert %s: %w", b, err)
	}
	done := map[string]bool{}
	for rows.Next() {
		var k []byte
		if err := rows.Scan(&k); err != nil {
			rows.Close()
			return nil, fmt.Errorf("pgstore: insert %s: %w", b, err)
		}
		done[string(k)] = true
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("pgstore: insert %s: %w", b, err)
	}
	out := make([]bool, len(keys))
	for i, k := range keys {
		// A key given twice is inserted once: the first occurrence gets it.
		out[i], done[k] = done[k], false
	}
	return out, nil
}

func (t *tx) Delete(b store.Bucket, key string) error {
	if !t.write {
		return store.ErrReadOnly
	}
	t.enqueue(b, key, nil, `DELETE FROM kv WHERE bucket = $1 AND key = $2`, string(b), []byte(key))
	return nil
}

func (t *tx) Scan(b store.Bucket, after string, limit int, fn func(string, []byte) error) error {
	if err := t.flush(); err != nil {
		return err
	}
	q := `SELECT key, value FROM kv WHERE bucket = $1 AND key > $2 ORDER BY key`
	args := []any{string(b), []byte(after)}
	if limit > 0 {
		q += ` LIMIT $3`
		args = append(args, limit)
	}
	rows, err := t.t.Query(t.ctx, q, args...)
	if err != nil {
		return fmt.Errorf("pgstore: scan %s: %w", b, err)
	}
	type kv struct {
		k string
		v []byte
	}
	var all []kv
	for rows.Next() {
		var k, v []byte
		if err := rows.Scan(&k, &v); err != nil {
			rows.Close()
			return fmt.Errorf("pgstore: scan %s: %w", b, err)
		}
		all = append(all, kv{string(k), v})
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("pgstore: scan %s: %w", b, err)
	}
	// fn may query through the same transaction, so the rows are read out first.
	for _, e := range all {
		if err := fn(e.k, e.v); err != nil {
			return err
		}
	}
	return nil
}
