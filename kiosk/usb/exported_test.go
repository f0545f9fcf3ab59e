package usb

import (
	"strings"
	"testing"

	"github.com/bawaba/bawaba/i18n"
	"github.com/bawaba/bawaba/sync/transfer"
	"github.com/bawaba/bawaba/sync/wire"
)

// TestExportedCountsAuditEntriesApart: staff audit entries on the stick are
// counted and named as such, never as residents' requests.
func TestExportedCountsAuditEntriesApart(t *testing.T) {
	const path = "/media/stick/bawaba/k-20260501T083000Z.bundle"
	for _, tc := range []struct {
		name  string
		kinds map[string]int
		want  func(l i18n.Lang) string
	}{
		{"when only requests are written, says requests", map[string]int{wire.KindRegistration: 2, wire.KindActivation: 1},
			func(l i18n.Lang) string { return i18n.Tf(l, "transfer.exported", 3, "k-20260501T083000Z.bundle") }},
		{"when both are written, counts each", map[string]int{wire.KindRegistration: 2, wire.KindStaffAudit: 4},
			func(l i18n.Lang) string {
				return i18n.Tf(l, "transfer.exported.both", 2, 4, "k-20260501T083000Z.bundle")
			}},
		{"when only audit entries are written, says no request was waiting", map[string]int{wire.KindStaffAudit: 4},
			func(l i18n.Lang) string { return i18n.Tf(l, "transfer.exported.audit", 4, "k-20260501T083000Z.bundle") }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			n := 0
			for _, c := range tc.kinds {
				n += c
			}
			for _, l := range i18n.Langs {
				got := exportedText(l, transfer.Exported{Path: path, Records: n, Kinds: tc.kinds})
				if got != tc.want(l) || strings.Contains(got, "%!") {
					t.Errorf("%s: %q, want %q", l, got, tc.want(l))
				}
			}
		})
	}
	if got := exportedText(i18n.EN, transfer.Exported{Path: path, Records: 4, Kinds: map[string]int{wire.KindStaffAudit: 4}}); strings.Contains(got, "4 requests") {
		t.Errorf("audit entries called requests: %q", got)
	}
}
