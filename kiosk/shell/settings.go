package shell

import (
	"time"

	"github.com/bawaba/bawaba/i18n"
)

// SetDefaults puts staff's saved settings in force without a restart: the
// language the next session starts in, and the idle time (central's, when it
// sets one, still wins). A session in progress keeps its language.
func (s *Shell) SetDefaults(lang i18n.Lang, idle time.Duration) {
	s.opts.Lang = lang
	if idle > 0 {
		s.opts.IdleTimeout = idle
	}
	s.applyIdle(s.status.idle)
}
