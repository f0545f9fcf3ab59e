package staff

import (
	"crypto/rand"
	"sync"
	"time"
)

// Options configure a Guard. Zero values are documented per field.
type Options struct {
	// Accounts are who may sign in: the kiosk's configuration file's accounts.
	Accounts Directory
	// Central returns the accounts the central service keeps for every kiosk,
	// from the configuration last pulled (see CentralDirectory); it is asked at
	// each sign-in, so an account central removed is refused from the next pull
	// on. An ID in both is the configuration file's. nil means none; with no
	// account anywhere nobody gets in.
	Central func() Directory
	// Lockout counts wrong PINs; nil keeps the count in memory only (tests).
	Lockout *Lockout
	// Trail records every sign-in and every Audit call; nil records nothing.
	Trail *Trail
	// Now tells time; nil means time.Now.
	Now func() time.Time
	// OnError is told what could not be saved (the lockout file, an audit
	// entry) so the kiosk can log it; nil ignores it. The error holds no PIN and
	// no typed ID that is not a staff member's.
	OnError func(error)
}

// Guard signs staff in, enforcing the lockout, and records what they do.
type Guard struct {
	opts  Options
	dummy Hash
	once  sync.Once
}

// NewGuard returns a Guard with opts.
func NewGuard(opts Options) *Guard {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Lockout == nil {
		opts.Lockout = &Lockout{ids: map[string]*idState{}} // path "": never saved
	}
	if opts.OnError == nil {
		opts.OnError = func(error) {}
	}
	return &Guard{opts: opts}
}

// Enabled reports whether anybody can sign in: without accounts the staff
// screen is not offered at all.
func (g *Guard) Enabled() bool { return g.opts.Accounts.Len() > 0 || g.central().Len() > 0 }

func (g *Guard) central() Directory {
	if g.opts.Central == nil {
		return Directory{}
	}
	return g.opts.Central()
}

// lookup finds id among the configuration file's accounts, then central's.
func (g *Guard) lookup(id string) (Account, bool) {
	if a, ok := g.opts.Accounts.Lookup(id); ok {
		return a, true
	}
	return g.central().Lookup(id)
}

// SignIn checks id and pin. It returns the account, ErrWrongPIN (unknown ID or
// wrong PIN, alike), or a *LockedError (matching ErrLocked) while the ID is
// locked — even for the right PIN — and when this try locked it. Every call is
// audited.
func (g *Guard) SignIn(id, pin string) (Account, error) {
	now := g.opts.Now()
	acct, known := g.lookup(id)
	key, who := id, id
	if !known {
		key, who = unknownKey, ""
	}
	if until := g.opts.Lockout.LockedUntil(key, now); !until.IsZero() {
		g.Audit(who, ActionSignIn, ResultLocked, "")
		return Account{}, &LockedError{Until: until}
	}
	hash := acct.PIN
	if !known {
		// The same work as for a staff member, so the time taken does not tell
		// which IDs exist.
		hash = g.dummyHash()
	}
	if hash.Verify(pin) && known {
		if err := g.opts.Lockout.Succeed(key); err != nil {
			g.opts.OnError(err)
		}
		g.Audit(who, ActionSignIn, ResultOK, "")
		return acct, nil
	}
	until, err := g.opts.Lockout.Fail(key, now)
	if err != nil {
		g.opts.OnError(err)
	}
	if !until.IsZero() {
		g.Audit(who, ActionSignIn, ResultLocked, "")
		return Account{}, &LockedError{Until: until}
	}
	g.Audit(who, ActionSignIn, ResultWrongPIN, "")
	return Account{}, ErrWrongPIN
}

// Audit records a staff action (see Action and Result); detail is a code or a
// count, never resident data.
func (g *Guard) Audit(staffID string, a Action, r Result, detail string) {
	if g.opts.Trail == nil {
		return
	}
	err := g.opts.Trail.Record(Entry{At: g.opts.Now(), Staff: staffID, Action: a, Result: r, Detail: detail})
	if err != nil {
		g.opts.OnError(err)
	}
}

// dummyHash is a hash of a random PIN with the cost of a real one.
func (g *Guard) dummyHash() Hash {
	g.once.Do(func() {
		// Random digits, at HashPIN's cost: unknown IDs never sign in, so the
		// PIN only has to cost what a real one does.
		pin := make([]byte, 16)
		rand.Read(pin)
		for i := range pin {
			pin[i] = '0' + pin[i]%10
		}
		g.dummy, _ = HashPIN(string(pin))
	})
	return g.dummy
}
