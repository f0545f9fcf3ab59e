// Package vault keeps what the central service stores unreadable without a
// key-encryption key (KEK) that lives outside the database.
//
// Vault is a store.Store that wraps another (bbolt or PostgreSQL) and encrypts
// every value it writes, in every bucket: the CA private key, the sealing and
// digital-ID signing keys, the card-token key and any key added to the Meta bucket
// later, and with them the registry (fingerprint templates on record), accounts,
// one-time-code challenges and queued SMS. A stolen database file — or a dump of
// the PostgreSQL table — therefore yields no private key, and without the keys no
// sealed record can be opened.
//
// The scheme is an envelope. One random 256-bit data key (DEK) encrypts the
// values; the KEK only wraps the DEK, once, and the wrapped DEK is kept in the Meta
// bucket under DEKName. Each value is AES-256-GCM under a key derived for it alone
// (HMAC-SHA256 of the DEK and a random 128-bit salt kept with the value), so the
// number of values written never approaches GCM's limit for random nonces. The
// associated data is the bucket and key of the value: a value moved to another key
// (an account's to another account, the CA key to the card-token key's name) no
// longer opens.
//
// # Where the KEK comes from
//
// A KEK is 32 random bytes written as 64 hexadecimal digits (`head -c32
// /dev/urandom | xxd -p -c64`). FromEnvironment looks, in order, at a file named
// on the command line (which must not be readable by group or others), at a
// systemd credential ($CREDENTIALS_DIRECTORY/bawaba-kek, from LoadCredential= or
// SetCredentialEncrypted=), and at the BAWABA_KEK environment variable. A hardware
// security module plugs in as another KEK: an implementation whose Wrap and Unwrap
// call C_WrapKey/C_UnwrapKey (or C_Encrypt/C_Decrypt with CKM_AES_GCM) through
// PKCS#11 on a key object it names by label; the DEK is unwrapped once at start
// and the HSM is not on the request path. docs/keys.md says how to provision each.
//
// # Migration
//
// Open on a database written without a vault (clear values, no wrapped DEK)
// creates the DEK and rewrites every value encrypted, in batches, before it
// returns, and marks the store so that later opens skip the scan. The clear
// copies are overwritten in place, but their old bytes may stay in free pages
// (bbolt) or dead rows (PostgreSQL): Migrated says how many there were, and
// `central` then compacts the bbolt file (boltstore.Compact) or vacuums the
// table (pgstore.Store.VacuumFull).
//
// # Caveats
//
//   - Keys are not encrypted: record IDs, receipt references, ID numbers, mobile
//     numbers and usernames stay readable in the file, as the lookups need them.
//   - After Open, a value that is not encrypted is an error (ErrClearValue), not
//     passed through: a clear value would be one someone wrote behind the vault,
//     and reading it as a key (a CA key, a card-token key) would trust it.
//   - Keys of the Meta bucket starting with "vault." are the vault's own (the
//     wrapped DEK, the migration mark): hidden from callers, so a Scan of Meta
//     may return fewer values than limit.
//   - A clear value written after the migration mark (by a replica running code
//     from before the vault) is not migrated: reading it fails (ErrClearValue).
//   - Losing the KEK loses the database: there is no recovery without it.
package vault
