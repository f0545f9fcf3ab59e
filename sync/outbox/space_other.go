//go:build !linux

package outbox

// diskFree cannot measure free space on this system: no headroom check.
func diskFree(string) (int64, error) { return 0, errSpaceUnknown }

// preallocate keeps no reserve on this system.
func preallocate(string, int64, int64) error { return errSpaceUnknown }
