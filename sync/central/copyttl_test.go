package central

import (
	"testing"
	"time"

	"github.com/bawaba/bawaba/digitalid"
)

func TestCopyTTLSetting(t *testing.T) {
	tests := []struct {
		name string
		set  map[string]string
		want time.Duration
	}{
		{"unset is 30 days", nil, digitalid.DefaultCopyTTL},
		{"a number of days is taken", map[string]string{SettingCopyDays: "7"}, 7 * 24 * time.Hour},
		{"zero falls back to the default", map[string]string{SettingCopyDays: "0"}, digitalid.DefaultCopyTTL},
		{"a negative number falls back", map[string]string{SettingCopyDays: "-3"}, digitalid.DefaultCopyTTL},
		{"more than ten years falls back", map[string]string{SettingCopyDays: "3651"}, digitalid.DefaultCopyTTL},
		{"not a number falls back", map[string]string{SettingCopyDays: "a month"}, digitalid.DefaultCopyTTL},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := copyTTL(tt.set); got != tt.want {
				t.Fatalf("copyTTL = %v, want %v", got, tt.want)
			}
		})
	}
}
