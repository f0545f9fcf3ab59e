//go:build !linux

package outbox

import "errors"

// errSpaceUnknown is returned where free space cannot be measured.
var errSpaceUnknown = errors.New("outbox: free space not measurable here")

// diskFree cannot measure free space on this system: no headroom check.
func diskFree(string) (int64, error) { return 0, errSpaceUnknown }

// preallocate keeps no reserve on this system.
func preallocate(string, int64, int64) error { return errSpaceUnknown }
