package outbox

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"os"
)

// bbolt's file layout, as read from go.etcd.io/bbolt@v1.5.0 (internal/common/page.go,
// meta.go, types.go). bbolt maps the file and trusts its meta pages: a file cut short
// below the meta's high-water mark makes bbolt read past the end of the file inside
// its map, a SIGBUS that the Go runtime turns into a fatal error recover cannot catch.
// So the file is checked with plain reads before bbolt sees it.
const (
	boltMagic          = 0xED0CDAED
	boltVersion        = 2
	boltPageHeaderSize = 16 // id u64, flags u16, count u16, overflow u32
	boltMetaSize       = 64 // magic, version, pageSize, flags u32; root, sequence, freelist, pgid, txid, checksum u64
	boltMetaSumLen     = 56 // the checksum is FNV-64a over the meta's bytes before it
	boltNoFreelist     = ^uint64(0)
	boltMinPage        = 1024
	boltMaxPage        = 1024 << 14 // the largest page size bbolt searches for
)

// boltMeta is the part of a bbolt meta page the file check needs.
type boltMeta struct {
	pageSize         uint32
	root, freelist   uint64
	pgid, txid       uint64
	magicOK, sumOK   bool
	versionOK, known bool
}

func (m boltMeta) valid() bool { return m.magicOK && m.versionOK && m.sumOK }

// parseBoltMeta decodes the meta that follows a page header at the start of page.
// bbolt writes it in the machine's byte order; the kiosks are little-endian.
func parseBoltMeta(page []byte) boltMeta {
	if len(page) < boltPageHeaderSize+boltMetaSize {
		return boltMeta{}
	}
	b := page[boltPageHeaderSize : boltPageHeaderSize+boltMetaSize]
	le := binary.LittleEndian
	h := fnv.New64a()
	h.Write(b[:boltMetaSumLen])
	return boltMeta{
		known:     true,
		magicOK:   le.Uint32(b[0:]) == boltMagic,
		versionOK: le.Uint32(b[4:]) == boltVersion,
		pageSize:  le.Uint32(b[8:]),
		root:      le.Uint64(b[16:]),
		freelist:  le.Uint64(b[32:]),
		pgid:      le.Uint64(b[40:]),
		txid:      le.Uint64(b[48:]),
		sumOK:     le.Uint64(b[56:]) == h.Sum64(),
	}
}

// checkBoltFile reports ErrCorrupt when the bbolt file at path is not safe to map: no
// valid meta page, a page size bbolt would not use, or a file shorter than the pages a
// valid meta says it holds. A missing or empty file is left to bbolt, which creates
// a new database (the outbox's marker, see marker.go, says whether one was expected).
// Only one meta need be valid: bbolt writes them in turn, and a torn write of one is
// what the other is for; but every valid one must fit the file, since bbolt uses the
// newer and falls back to the other.
func checkBoltFile(path string) error {
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("outbox: open %s: %w", path, err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return fmt.Errorf("outbox: open %s: %w", path, err)
	}
	size := fi.Size()
	if size == 0 {
		return nil
	}
	readPage := func(off int64) []byte {
		buf := make([]byte, boltPageHeaderSize+boltMetaSize)
		if _, err := f.ReadAt(buf, off); err != nil && !errors.Is(err, io.EOF) {
			return nil
		}
		return buf
	}
	// Find the page size as bbolt does: from meta 0, else from meta 1 at each
	// possible page size.
	pageSize := int64(0)
	if m := parseBoltMeta(readPage(0)); m.valid() {
		pageSize = int64(m.pageSize)
	} else {
		for ps := int64(boltMinPage); ps <= boltMaxPage && ps < size; ps <<= 1 {
			if m := parseBoltMeta(readPage(ps)); m.valid() {
				pageSize = int64(m.pageSize)
				break
			}
		}
	}
	if pageSize == 0 {
		return fmt.Errorf("%w: %s: no valid meta page", ErrCorrupt, path)
	}
	if pageSize < boltMinPage || pageSize > boltMaxPage || pageSize&(pageSize-1) != 0 {
		return fmt.Errorf("%w: %s: page size %d", ErrCorrupt, path, pageSize)
	}
	if size < 2*pageSize {
		return fmt.Errorf("%w: %s: %d bytes, less than two %d-byte meta pages", ErrCorrupt, path, size, pageSize)
	}
	metas := [2]boltMeta{parseBoltMeta(readPage(0)), parseBoltMeta(readPage(pageSize))}
	nvalid := 0
	for i, m := range metas {
		if !m.valid() {
			continue
		}
		nvalid++
		switch {
		case int64(m.pageSize) != pageSize:
			return fmt.Errorf("%w: %s: meta %d page size %d, not %d", ErrCorrupt, path, i, m.pageSize, pageSize)
		case m.pgid < 2 || m.pgid > uint64(size/pageSize):
			return fmt.Errorf("%w: %s: meta %d (tx %d) holds %d pages, the file %d bytes (%d pages): cut short",
				ErrCorrupt, path, i, m.txid, m.pgid, size, size/pageSize)
		case m.root < 2 || m.root >= m.pgid:
			return fmt.Errorf("%w: %s: meta %d root page %d outside 2..%d", ErrCorrupt, path, i, m.root, m.pgid)
		case m.freelist != boltNoFreelist && (m.freelist < 2 || m.freelist >= m.pgid):
			return fmt.Errorf("%w: %s: meta %d freelist page %d outside 2..%d", ErrCorrupt, path, i, m.freelist, m.pgid)
		}
	}
	if nvalid == 0 {
		return fmt.Errorf("%w: %s: both meta pages invalid", ErrCorrupt, path)
	}
	return nil
}
