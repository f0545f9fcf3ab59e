// Package store is the storage contract of the central service: transactions over
// named buckets of keyed byte values. Two backends implement it — boltstore
// (embedded bbolt, the zero-setup default) and pgstore (PostgreSQL, for fleets and
// several stateless replicas) — and storetest holds the one suite both must pass.
//
// Everything the central service keeps (records, the reference back office, kiosks,
// keys, one-time codes) goes through Update and View, so storing a record and
// applying it are one transaction on either backend.
//
// # Caveats
//
//   - Update may run fn more than once (PostgreSQL serialization retries, bbolt
//     batch splitting): fn must only touch the Tx and variables it resets itself.
//   - Values returned by Get are copies and stay valid after the transaction.
package store

import (
	"context"
	"errors"
)

var (
	// ErrNotFound is returned by Tx.Get when the key is absent.
	ErrNotFound = errors.New("store: not found")
	// ErrReadOnly is returned by writes inside View.
	ErrReadOnly = errors.New("store: read-only transaction")
	// ErrClosed is returned once the store is closed.
	ErrClosed = errors.New("store: closed")
)

// Bucket names a keyed collection. Only the buckets in Buckets exist.
type Bucket string

// The buckets of the central service.
const (
	Records     Bucket = "records"      // record ID -> stored record
	Statuses    Bucket = "statuses"     // receipt ref -> request status
	People      Bucket = "people"       // ID number -> registry person
	Accounts    Bucket = "accounts"     // ID number -> account
	Mobiles     Bucket = "mobiles"      // E.164 mobile -> ID number of its account
	Usernames   Bucket = "usernames"    // lower-case username -> ID number
	Addresses   Bucket = "addresses"    // ID number -> national address
	Dependents  Bucket = "dependents"   // ID number -> dependents
	DependentOf Bucket = "dependent_of" // dependent's ID number -> ID number of the record they are on
	Kiosks      Bucket = "kiosks"       // kiosk ID -> kiosk
	EnrollCodes Bucket = "enroll_codes" // SHA-256 of code -> enrolment code
	OTPs        Bucket = "otps"         // challenge ID -> one-time code
	OTPRates    Bucket = "otp_rates"    // E.164 mobile -> recent send times
	Meta        Bucket = "meta"         // keys, CA, config, counters
	SMSOutbox   Bucket = "sms_outbox"   // queue key -> an SMS to send (the outcome of a record)
	SealedTTL   Bucket = "sealed_ttl"   // received time + record ID -> record ID whose sealed payload is to purge
	StaffAudit  Bucket = "staff_audit"  // time/kiosk/record ID -> staff audit entry
	Staff       Bucket = "staff"        // staff ID -> field-staff account (name, PIN hash)
	CardHolders Bucket = "card_holders" // bank-card token -> ID number of the person the back office links it to
)

// Buckets lists every bucket; backends create them all when opening.
var Buckets = []Bucket{Records, Statuses, People, Accounts, Mobiles, Usernames, Addresses,
	Dependents, Kiosks, EnrollCodes, OTPs, OTPRates, Meta, SMSOutbox, SealedTTL, DependentOf, StaffAudit, Staff,
	CardHolders}

// Tx is one transaction. Its methods are not safe for concurrent use.
type Tx interface {
	// Get returns a copy of the value at key, or ErrNotFound.
	Get(b Bucket, key string) ([]byte, error)
	// GetMany is Get for many keys in one go (one round trip on PostgreSQL);
	// values[i] is nil when keys[i] is absent. It never locks rows.
	GetMany(b Bucket, keys []string) (values [][]byte, err error)
	// Put sets key to value, replacing any previous value.
	Put(b Bucket, key string, value []byte) error
	// Insert sets key to value only when key is absent and reports whether it did.
	Insert(b Bucket, key string, value []byte) (bool, error)
	// InsertMany is Insert for many keys in one go (one round trip on PostgreSQL);
	// inserted[i] reports whether keys[i] was absent and is now set to values[i].
	InsertMany(b Bucket, keys []string, values [][]byte) (inserted []bool, err error)
	// Delete removes key; absent keys are not an error.
	Delete(b Bucket, key string) error
	// Scan calls fn for keys greater than after in ascending byte order, at most limit
	// of them (all when limit <= 0), stopping early when fn returns an error.
	Scan(b Bucket, after string, limit int, fn func(key string, value []byte) error) error
}

// Store runs transactions. Update commits when fn returns nil and is durable on
// return; otherwise it rolls back and returns fn's error.
type Store interface {
	Update(ctx context.Context, fn func(Tx) error) error
	View(ctx context.Context, fn func(Tx) error) error
	// Ping checks that the storage answers; /readyz uses it.
	Ping(ctx context.Context) error
	Close() error
}
