package main

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/bawaba/bawaba/i18n"
)

func TestParseConfig(t *testing.T) {
	tests := []struct {
		name string
		in   string
		ok   bool
		chk  func(t *testing.T, c *Config)
		// field must be named in the error of a refused file.
		field string
	}{
		{"when only the required fields are given, the defaults apply",
			`{"central_url":"https://127.0.0.1:8443","data_dir":"d"}`, true,
			func(t *testing.T, c *Config) {
				if c.Mode != "kiosk" || c.idleTimeout != 60*time.Second || c.idleWarning != 20*time.Second ||
					c.lang != i18n.AR || c.PaperWidthDots != 576 || c.staff.Len() != 0 || c.OutboxMaxRecords != 0 || c.outboxMaxAge != 0 {
					t.Errorf("defaults: %+v", c)
				}
			}, ""},
		{"when devices are listed, unnamed ones are named after their kind",
			`{"central_url":"https://c:1","data_dir":"d","mode":"atm","default_language":"en","idle_timeout":"2m",
			  "devices":[{"kind":"printer","path":"/dev/pts/1","baud":19200},{"name":"mrz","kind":"docreader","path":"/dev/pts/2","baud":9600}]}`, true,
			func(t *testing.T, c *Config) {
				if c.Devices[0].Name != "printer" || c.printerName() != "printer" || c.lang != i18n.EN || c.idleTimeout != 2*time.Minute {
					t.Errorf("parsed: %+v", c)
				}
			}, ""},
		{"when outbox limits are given, they are kept",
			`{"central_url":"https://c","data_dir":"d","outbox_max_records":500,"outbox_max_age":"72h"}`, true,
			func(t *testing.T, c *Config) {
				if c.OutboxMaxRecords != 500 || c.outboxMaxAge != 72*time.Hour {
					t.Errorf("outbox limits: %d, %v", c.OutboxMaxRecords, c.outboxMaxAge)
				}
			}, ""},
		{"when the outbox age is never, the limit is off",
			`{"central_url":"https://c","data_dir":"d","outbox_max_age":"never"}`, true,
			func(t *testing.T, c *Config) {
				if c.outboxMaxAge >= 0 {
					t.Errorf("outbox_max_age never parsed as %v, want negative", c.outboxMaxAge)
				}
			}, ""},
		{"when the central URL is plain http, it is refused", `{"central_url":"http://c","data_dir":"d"}`, false, nil, "central_url"},
		{"when the data dir is missing, it is refused", `{"central_url":"https://c"}`, false, nil, "data_dir"},
		{"when the mode is unknown, it is refused", `{"central_url":"https://c","data_dir":"d","mode":"tablet"}`, false, nil, "mode"},
		{"when the idle timeout is too short, it is refused", `{"central_url":"https://c","data_dir":"d","idle_timeout":"1s"}`, false, nil, "idle_timeout"},
		{"when the idle timeout leaves under 10 s before the warning, it is refused",
			`{"central_url":"https://c","data_dir":"d","idle_timeout":"40s","idle_warning":"35s"}`, false, nil, "idle_timeout"},
		{"when the idle warning is under WCAG's 20 s, it is refused",
			`{"central_url":"https://c","data_dir":"d","idle_warning":"10s"}`, false, nil, "idle_warning"},
		{"when the outbox record bound is negative, it is refused",
			`{"central_url":"https://c","data_dir":"d","outbox_max_records":-5}`, false, nil, "outbox_max_records"},
		{"when the outbox age is not a duration, it is refused",
			`{"central_url":"https://c","data_dir":"d","outbox_max_age":"two weeks"}`, false, nil, "outbox_max_age"},
		{"when the outbox age is under an hour, it is refused",
			`{"central_url":"https://c","data_dir":"d","outbox_max_age":"5m"}`, false, nil, "outbox_max_age"},
		{"when the language is unknown, it is refused", `{"central_url":"https://c","data_dir":"d","default_language":"fr"}`, false, nil, "default_language"},
		{"when the paper width is odd, it is refused", `{"central_url":"https://c","data_dir":"d","paper_width_dots":500}`, false, nil, "paper_width_dots"},
		{"when the PIN hash is malformed, it is refused", `{"central_url":"https://c","data_dir":"d","staff_pin_hash":"1234"}`, false, nil, "staff_pin_hash"},
		{"when staff are listed, each signs in with their ID and PIN, and the old shared PIN is staff ID 0",
			`{"central_url":"https://c","data_dir":"d","staff":[{"id":"1001","name":"Huda","pin_hash":"` + testArgonHash + `"}],
			  "staff_pin_hash":"` + testPBKDF2Hash + `"}`, true,
			func(t *testing.T, c *Config) {
				a, ok := c.staff.Lookup("1001")
				old, okOld := c.staff.Lookup("0")
				if c.staff.Len() != 2 || !ok || a.Name != "Huda" || !a.PIN.Verify("482613") || !okOld || !old.PIN.Verify("4826") {
					t.Errorf("staff: %d accounts, 1001 %+v %v, 0 %v", c.staff.Len(), a.Name, ok, okOld)
				}
			}, ""},
		{"when a staff PIN hash is malformed, the entry is named",
			`{"central_url":"https://c","data_dir":"d","staff":[{"id":"1001","name":"Huda","pin_hash":"` + testArgonHash + `"},{"id":"1002","name":"Saad","pin_hash":"123456"}]}`, false, nil, "staff[1].pin_hash"},
		{"when a staff ID is not digits, the entry is named",
			`{"central_url":"https://c","data_dir":"d","staff":[{"id":"huda","name":"Huda","pin_hash":"` + testArgonHash + `"}]}`, false, nil, "staff[0]: id"},
		{"when a staff ID is used twice, it is refused",
			`{"central_url":"https://c","data_dir":"d","staff":[{"id":"0","name":"Huda","pin_hash":"` + testArgonHash + `"}],"staff_pin_hash":"` + testPBKDF2Hash + `"}`, false, nil, "used twice"},
		{"when a device kind is unknown, it is refused",
			`{"central_url":"https://c","data_dir":"d","devices":[{"kind":"toaster","path":"/x","baud":9600}]}`, false, nil, "devices[0]"},
		{"when two devices share a name, it is refused",
			`{"central_url":"https://c","data_dir":"d","devices":[{"kind":"printer","path":"/x","baud":9600},{"kind":"printer","path":"/y","baud":9600}]}`, false, nil, "devices[1]"},
		{"when a field is misspelt, it is refused", `{"central_url":"https://c","data_dir":"d","idle_timout":"9s"}`, false, nil, "idle_timout"},
		{"when the file is not JSON, it is refused", `central_url = "x"`, false, nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := ParseConfig([]byte(tt.in))
			if !tt.ok {
				if !errors.Is(err, ErrConfig) {
					t.Fatalf("err = %v, want ErrConfig", err)
				}
				if !strings.Contains(err.Error(), tt.field) {
					t.Fatalf("err = %v, want it to name %s", err, tt.field)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			tt.chk(t, c)
		})
	}
}

// Hashes made by `kiosk -hash-pin` of PIN 482613 (argon2id, at the least cost to
// keep the test quick) and, before staff accounts, of PIN 4826 (PBKDF2).
const (
	testArgonHash  = "$argon2id$v=19$m=64,t=1,p=1$c2l4dGVlbiBieXRlIHNhbA$KSAPU0RZjh0Mt45i/mok9TUpABzW+XTPg8YxCt5fQxY"
	testPBKDF2Hash = "pbkdf2-sha256$200000$c2l4dGVlbiBieXRlIHNhbA$HSFTSDu2sHWfCrLbQ8Jzyc8mIyRfCXLR0s6f7NK3ICA"
)

func FuzzParseConfig(f *testing.F) {
	f.Add([]byte(`{"central_url":"https://127.0.0.1:8443","data_dir":"d","devices":[{"kind":"printer","path":"/p","baud":9600}]}`))
	f.Add([]byte(`{"central_url":"https://c","data_dir":"d","staff_pin_hash":"pbkdf2-sha256$200000$AAAAAAAAAAA$AAAA"}`))
	f.Add([]byte(`{"central_url":"https://c","data_dir":"d","staff":[{"id":"1","name":"a","pin_hash":"` + testArgonHash + `"}]}`))
	f.Add([]byte(`{}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		c, err := ParseConfig(b)
		if err != nil {
			if !errors.Is(err, ErrConfig) {
				t.Fatalf("untyped error %v", err)
			}
			return
		}
		if c.DataDir == "" || c.idleTimeout < c.idleWarning+10*time.Second || c.idleWarning < 20*time.Second || (c.lang != i18n.AR && c.lang != i18n.EN) {
			t.Fatalf("accepted a bad config: %+v", c)
		}
	})
}
