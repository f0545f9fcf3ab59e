package transfer

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"syscall"
)

// Dir is the directory on a stick that holds bundles and receipts. Bawaba writes
// only there and never removes or replaces a file it did not just write, so a
// stick that also carries other people's files keeps them.
const Dir = "bawaba"

// File name suffixes.
const (
	BundleExt  = ".bundle"
	ReceiptExt = ".receipt"
	partialExt = ".partial"
)

// WriteFile creates dir/name (dir's parent must exist) with what write writes, so
// that the name appears only once the data is on the stick: write to a hidden
// temporary file, fsync, close, rename, fsync the directory. An existing dir/name is never replaced (ErrExists).
// Errors are classified as ErrStickFull, ErrStickReadOnly, ErrStickGone; whatever
// happens, no file with the final name is left half-written, and the temporary
// file is removed when the stick still allows it.
func WriteFile(dir, name string, write func(w io.Writer) error) (err error) {
	final := filepath.Join(dir, name)
	// Only the last level is created: a stick that is not mounted must not turn
	// into a directory on the kiosk's own disk.
	if err := os.Mkdir(dir, 0o755); err != nil && !errors.Is(err, fs.ErrExist) {
		return stickErr("create", dir, err)
	}
	if _, err := os.Lstat(final); err == nil {
		return fmt.Errorf("%w: %s", ErrExists, final)
	} else if !errors.Is(err, fs.ErrNotExist) {
		return stickErr("check", final, err)
	}
	tmp, err := os.CreateTemp(dir, "."+name+".*"+partialExt)
	if err != nil {
		return stickErr("create", dir, err)
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if err := write(tmp); err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) || isErrno(err) {
			return stickErr("write", tmp.Name(), err)
		}
		return err
	}
	if err := tmp.Sync(); err != nil {
		return stickErr("sync", tmp.Name(), err)
	}
	if err := tmp.Close(); err != nil {
		return stickErr("close", tmp.Name(), err)
	}
	// Checked again: the stick is shared with whoever else writes to it.
	if _, err := os.Lstat(final); err == nil {
		return fmt.Errorf("%w: %s", ErrExists, final)
	}
	if err := os.Rename(tmp.Name(), final); err != nil {
		return stickErr("rename", final, err)
	}
	if err := syncDir(dir); err != nil {
		// The data is durable, the name may not be: say so, but the file is whole
		// and verifies if it is there.
		return stickErr("sync", dir, err)
	}
	return nil
}

func isErrno(err error) bool {
	var errno syscall.Errno
	return errors.As(err, &errno)
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}

// Files lists the files on a stick mounted at mount whose names end in ext (BundleExt
// or ReceiptExt), in name order. A stick without Bawaba's directory has none.
func Files(mount, ext string) ([]string, error) {
	entries, err := os.ReadDir(filepath.Join(mount, Dir))
	if errors.Is(err, fs.ErrNotExist) {
		if _, serr := os.Stat(mount); serr != nil {
			return nil, stickErr("read", mount, serr)
		}
		return nil, nil
	}
	if err != nil {
		return nil, stickErr("read", mount, err)
	}
	var out []string
	for _, e := range entries {
		if n := e.Name(); e.Type().IsRegular() && strings.HasSuffix(n, ext) && !strings.HasPrefix(n, ".") {
			out = append(out, filepath.Join(mount, Dir, n))
		}
	}
	sort.Strings(out)
	return out, nil
}

// ReadFile reads a bundle or receipt from the stick, refusing one larger than
// MaxFileBytes before reading it.
func ReadFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, stickErr("open", path, err)
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, MaxFileBytes+1))
	if err != nil {
		return nil, stickErr("read", path, err)
	}
	if len(b) > MaxFileBytes {
		return nil, fmt.Errorf("%w: %s", ErrTooLarge, path)
	}
	return b, nil
}

// Mount is a mounted file system where a stick may be.
type Mount struct {
	Path     string // where it is mounted
	Device   string // e.g. /dev/sdb1
	FSType   string // e.g. vfat, exfat
	ReadOnly bool
}

// MountRoots are the directories removable disks are mounted under by udisks
// (/media, /run/media) or by hand (/mnt).
var MountRoots = []string{"/media", "/mnt", "/run/media"}

// Mounts lists the mounted file systems under MountRoots, read from
// /proc/self/mounts.
func Mounts() ([]Mount, error) {
	b, err := os.ReadFile("/proc/self/mounts")
	if err != nil {
		return nil, fmt.Errorf("transfer: mounts: %w", err)
	}
	return ParseMounts(b, MountRoots), nil
}

// ParseMounts reads the lines of /proc/self/mounts ("device path type options 0 0",
// with spaces and tabs in names as octal escapes) and keeps the mounts strictly
// under one of roots, in path order.
func ParseMounts(data []byte, roots []string) []Mount {
	var out []Mount
	sc := bufio.NewScanner(strings.NewReader(string(data)))
	sc.Buffer(make([]byte, 0, 4096), 1<<20)
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) < 4 {
			continue
		}
		m := Mount{Device: unescapeMount(f[0]), Path: unescapeMount(f[1]), FSType: f[2]}
		for _, o := range strings.Split(f[3], ",") {
			if o == "ro" {
				m.ReadOnly = true
			}
		}
		p := filepath.Clean(m.Path)
		if !filepath.IsAbs(p) {
			continue
		}
		for _, r := range roots {
			if strings.HasPrefix(p, r+"/") {
				m.Path = p
				out = append(out, m)
				break
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out
}

// unescapeMount undoes the kernel's octal escapes (\040 space, \011 tab, \012
// newline, \134 backslash) in a mounts field; other bytes pass unchanged.
func unescapeMount(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+4 <= len(s) {
			if n, err := strconv.ParseUint(s[i+1:i+4], 8, 8); err == nil {
				b.WriteByte(byte(n))
				i += 3
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}
