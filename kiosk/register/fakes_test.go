package register

import "time"

// fakeTerms gives t as the terms from central's configuration; ok while t has a
// version. (The other fakes are in registertest; this one returns Terms, which
// registertest cannot import.)
type fakeTerms struct{ t Terms }

func (f fakeTerms) Terms() (Terms, bool) { return f.t, f.t.Version != "" }

var clockStart = time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC)
