package status

import (
	"testing"
	"time"

	"github.com/bawaba/bawaba/i18n"
	"github.com/bawaba/bawaba/sync/outbox"
	"github.com/bawaba/bawaba/sync/wire"
)

func TestDescribe(t *testing.T) {
	sent := outbox.Record{Kind: wire.KindDependent, State: outbox.Delivered, Created: at, Updated: at.Add(time.Hour)}
	tests := []struct {
		name   string
		a      Answer
		detail string // catalogue key
		note   bool   // the offline note is shown
		times  int
	}{
		{"a decline code this kiosk does not know gets the general advice",
			Answer{Source: FromCentral, Central: wire.RequestStatus{State: wire.StateDeclined, Code: "new_code", Received: at, Updated: at}},
			"reqstatus.reason.other", false, 2},
		{"received has no decision time yet",
			Answer{Source: FromCentral, Central: wire.RequestStatus{State: wire.StateReceived, Received: at, Updated: at}},
			"reqstatus.detail.received", false, 1},
		{"sent, offline: the answer needs the network",
			Answer{Source: FromKiosk, Offline: true, Local: sent}, "reqstatus.detail.sent", true, 2},
		{"sent, but central does not know it: ask staff",
			Answer{Source: FromKiosk, Local: sent}, "reqstatus.detail.sent_missing", false, 2},
		{"unknown online", Answer{Source: Unknown}, "reqstatus.detail.unknown", false, 0},
		{"unknown offline: maybe another kiosk's", Answer{Source: Unknown, Offline: true}, "reqstatus.detail.unknown_offline", false, 0},
	}
	for _, tt := range tests {
		for _, lang := range langs {
			t.Run(tt.name+"/"+string(lang), func(t *testing.T) {
				d := Describe(tt.a, lang, riyadh)
				if d.Detail != i18n.T(lang, tt.detail) || (d.Note != "") != tt.note || len(d.Times) != tt.times {
					t.Fatalf("got %+v, want detail %s, note %v, %d times", d, tt.detail, tt.note, tt.times)
				}
			})
		}
	}
}

func TestFormatTime(t *testing.T) {
	tests := []struct {
		lang i18n.Lang
		want string
	}{
		{i18n.EN, "2 December 2026, 12:30"},
		{i18n.AR, "22 جمادى الآخرة 1448 هـ، الموافق 2 ديسمبر 2026 م، الساعة 12:30"},
	}
	for _, tt := range tests {
		if got := FormatTime(at, tt.lang, riyadh); got != tt.want {
			t.Errorf("%s: %q, want %q", tt.lang, got, tt.want)
		}
	}
}
