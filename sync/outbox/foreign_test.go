package outbox

import bolt "go.etcd.io/bbolt"

// openForeign creates a valid bbolt file that is not an outbox.
func openForeign(path string) (*bolt.DB, error) {
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		return nil, err
	}
	return db, db.Update(func(tx *bolt.Tx) error {
		b, err := tx.CreateBucket([]byte("records"))
		if err != nil {
			return err
		}
		return b.Put([]byte("k"), []byte("v"))
	})
}
