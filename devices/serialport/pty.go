package serialport

import (
	"fmt"
	"os"
	"strconv"

	"golang.org/x/sys/unix"
)

// NewPTY creates a pseudo-terminal pair for a simulator. The simulator reads and
// writes master; a driver opens slavePath with Open exactly as it would open
// /dev/ttyUSB0. The line is raw (no echo, no CR/LF translation, 8-bit clean).
//
// master is non-blocking under the Go runtime poller, so closing it unblocks a
// pending Read and deadlines work. While no process has slavePath open, reads from
// master fail with EIO (Linux reports the hang-up); a simulator host that must outlive
// its drivers keeps a slave descriptor of its own open (see OpenKeeper).
func NewPTY() (master *os.File, slavePath string, err error) {
	fd, err := unix.Open("/dev/ptmx", unix.O_RDWR|unix.O_NOCTTY|unix.O_CLOEXEC|unix.O_NONBLOCK, 0)
	if err != nil {
		return nil, "", fmt.Errorf("serialport: open /dev/ptmx: %w", err)
	}
	n, err := unix.IoctlGetUint32(fd, unix.TIOCGPTN)
	if err != nil {
		unix.Close(fd)
		return nil, "", fmt.Errorf("serialport: ptsname: %w", err)
	}
	if err := unix.IoctlSetPointerInt(fd, unix.TIOCSPTLCK, 0); err != nil {
		unix.Close(fd)
		return nil, "", fmt.Errorf("serialport: unlockpt: %w", err)
	}
	slavePath = "/dev/pts/" + strconv.FormatUint(uint64(n), 10)
	if err := makeRaw(slavePath); err != nil {
		unix.Close(fd)
		return nil, "", err
	}
	return os.NewFile(uintptr(fd), "/dev/ptmx"), slavePath, nil
}

// OpenKeeper opens slavePath and returns the descriptor without ever reading it. A
// simulator host holds it so that its master does not see a hang-up (EIO) between
// driver sessions; bytes the simulator writes meanwhile wait in the line's buffer,
// as they would on a real cable.
func OpenKeeper(slavePath string) (*os.File, error) {
	fd, err := unix.Open(slavePath, unix.O_RDWR|unix.O_NOCTTY|unix.O_CLOEXEC, 0)
	if err != nil {
		return nil, fmt.Errorf("serialport: keep %s: %w", slavePath, err)
	}
	return os.NewFile(uintptr(fd), slavePath), nil
}

// makeRaw applies cfmakeraw to the slave so the line is clean before any driver
// configures it.
func makeRaw(path string) error {
	fd, err := unix.Open(path, unix.O_RDWR|unix.O_NOCTTY|unix.O_CLOEXEC, 0)
	if err != nil {
		return fmt.Errorf("serialport: open %s: %w", path, err)
	}
	defer unix.Close(fd)
	t, err := unix.IoctlGetTermios(fd, unix.TCGETS)
	if err != nil {
		return fmt.Errorf("serialport: tcgetattr %s: %w", path, err)
	}
	t.Iflag &^= unix.IGNBRK | unix.BRKINT | unix.PARMRK | unix.ISTRIP | unix.INLCR | unix.IGNCR | unix.ICRNL | unix.IXON
	t.Oflag &^= unix.OPOST
	t.Lflag &^= unix.ECHO | unix.ECHONL | unix.ICANON | unix.ISIG | unix.IEXTEN
	t.Cflag &^= unix.CSIZE | unix.PARENB
	t.Cflag |= unix.CS8
	t.Cc[unix.VMIN] = 1
	t.Cc[unix.VTIME] = 0
	if err := unix.IoctlSetTermios(fd, unix.TCSETS, t); err != nil {
		return fmt.Errorf("serialport: tcsetattr %s: %w", path, err)
	}
	return nil
}
