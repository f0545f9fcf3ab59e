package main

import (
	"testing"
	"time"

	"github.com/bawaba/bawaba/sync/wire"
)

func TestCentralSettings(t *testing.T) {
	tests := []struct {
		name     string
		cfg      *wire.Config // nil: no configuration yet
		wantIdle time.Duration
		wantPoll time.Duration
		wantReg  bool
	}{
		{"when there is no configuration yet, no service, the local idle time and a minute's poll", nil, 0, time.Minute, false},
		{"when central sets them, its idle time, poll interval and services",
			&wire.Config{Services: []string{wire.ServiceRegistration},
				Settings: map[string]string{"idle_timeout_seconds": "90", "config_poll_seconds": "300"}},
			90 * time.Second, 5 * time.Minute, true},
		{"when central turns registration off, it is off",
			&wire.Config{Services: []string{wire.ServiceStatus}}, 0, time.Minute, false},
		{"when central's values are out of bounds, they are ignored",
			&wire.Config{Settings: map[string]string{"idle_timeout_seconds": "5", "config_poll_seconds": "1"}}, 0, time.Minute, false},
		{"when central's values are not numbers, they are ignored",
			&wire.Config{Settings: map[string]string{"idle_timeout_seconds": "1m", "config_poll_seconds": "-60"}}, 0, time.Minute, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := &central{}
			if tt.cfg != nil {
				c.cfg, c.ok = *tt.cfg, true
			}
			if got := c.IdleTimeout(); got != tt.wantIdle {
				t.Errorf("IdleTimeout = %v, want %v", got, tt.wantIdle)
			}
			if got := c.pollEvery(); got != tt.wantPoll {
				t.Errorf("pollEvery = %v, want %v", got, tt.wantPoll)
			}
			if got := c.ServiceEnabled(wire.ServiceRegistration); got != tt.wantReg {
				t.Errorf("registration enabled = %v, want %v", got, tt.wantReg)
			}
		})
	}
}
