package outbox

import (
	"os"
	"syscall"
)

// diskFree returns the bytes an unprivileged writer may still use on the
// filesystem holding dir (the kernel keeps the rest for root).
func diskFree(dir string) (int64, error) {
	var st syscall.Statfs_t
	if err := syscall.Statfs(dir, &st); err != nil {
		return 0, err
	}
	return int64(st.Bavail) * st.Bsize, nil
}

// fallocKeepSize is FALLOC_FL_KEEP_SIZE: allocate blocks, leave the file's size.
const fallocKeepSize = 0x1

// preallocate allocates disk blocks for n bytes of path from offset off, without
// changing its size: bbolt grows the file itself and must find the blocks there.
func preallocate(path string, off, n int64) error {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	defer f.Close()
	for {
		err := syscall.Fallocate(int(f.Fd()), fallocKeepSize, off, n)
		if err != syscall.EINTR {
			return err
		}
	}
}
