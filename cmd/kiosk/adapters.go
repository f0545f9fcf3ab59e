package main

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/bawaba/bawaba/devices/manager"
	"github.com/bawaba/bawaba/devices/receipt"
	"github.com/bawaba/bawaba/digitalid"
	"github.com/bawaba/bawaba/kiosk/register"
	"github.com/bawaba/bawaba/kiosk/shell"
	"github.com/bawaba/bawaba/kiosk/staff"
	"github.com/bawaba/bawaba/sync/client"
	"github.com/bawaba/bawaba/sync/engine"
	"github.com/bawaba/bawaba/sync/outbox"
	"github.com/bawaba/bawaba/sync/seal"
	"github.com/bawaba/bawaba/sync/wire"
)

// The adapters below turn the real parts into the small interfaces the shell and
// the registration flow declare. They translate, nothing more.

// syncStatus adapts the sync engine to shell.SyncReporter.
type syncStatus struct{ e *engine.Engine }

func (s syncStatus) SyncState() shell.SyncState {
	st := s.e.Status()
	return shell.SyncState{Online: st.Online, LastSuccess: st.LastSuccess, LastError: st.LastErrorCode}
}

// queueStatus adapts the outbox (and the engine, to send requeued records at
// once) to shell.Queue.
type queueStatus struct {
	o *outbox.Store
	e *engine.Engine
}

func (q queueStatus) Stats() (shell.QueueStats, error) {
	st, err := q.o.Stats()
	if err != nil {
		return shell.QueueStats{}, err
	}
	// Residents are told how many of their requests wait; the staff audit entries
	// travel the same outbox but are staff's, counted apart.
	audit := st.Kinds[wire.KindStaffAudit].Waiting()
	return shell.QueueStats{Pending: st.Queued + st.InFlight - audit, StaffAudit: audit, Delivered: st.Delivered,
		NeedsAttention: st.NeedsAttention, Quarantined: st.Quarantined}, nil
}

func (q queueStatus) NeedsAttention() ([]shell.Attention, error) {
	recs, err := q.o.List(outbox.NeedsAttention, 50)
	if err != nil {
		return nil, err
	}
	out := make([]shell.Attention, 0, len(recs))
	for _, r := range recs {
		out = append(out, shell.Attention{ID: r.ID, Kind: r.Kind, Reason: r.RejectCode, Since: r.Updated})
	}
	return out, nil
}

func (q queueStatus) Requeue(id string) error {
	if err := q.o.Requeue(id); err != nil {
		return err
	}
	if q.e != nil {
		q.e.Kick()
	}
	return nil
}

// deviceStatus adapts the device manager to shell.Devices.
type deviceStatus struct{ m *manager.Manager }

func (d deviceStatus) Health() []shell.DeviceHealth {
	var out []shell.DeviceHealth
	for _, st := range d.m.Statuses() {
		h := shell.DeviceHealth{Name: st.Name, Kind: string(st.Kind), Detail: st.Detail,
			OK: st.State == manager.StateOnline || st.State == manager.StateDeviceBusy}
		if st.Kind == manager.Printer {
			h.Kind = shell.DevicePrinter
			if st.Paper == manager.PaperOut || st.Paper == manager.PaperJammed {
				h.OK, h.Detail = false, shell.DetailPaperOut
			}
		}
		out = append(out, h)
	}
	return out
}

// printer adapts the device manager to register.Printer.
type printer struct {
	m    *manager.Manager
	name string
}

func (p printer) Print(ctx context.Context, r receipt.Receipt) error {
	if p.m == nil || p.name == "" {
		return manager.ErrUnavailable
	}
	return p.m.Print(ctx, p.name, r)
}

// central holds the client once the kiosk is enrolled and its cached
// configuration (sealing keys, terms, enabled services).
type central struct {
	mu  sync.Mutex
	c   *client.Client
	cfg wire.Config
	ok  bool
	// staff is cfg.Staff as a directory, made once per config version.
	staff    staff.Directory
	staffVer int64
}

func (c *central) set(cl *client.Client) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.c = cl
	if cfg, err := cl.CachedConfig(); err == nil {
		c.cfg, c.ok = cfg, true
	}
}

func (c *central) client() *client.Client {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.c
}

// refresh pulls the configuration when the central service is reachable.
func (c *central) refresh(ctx context.Context) error {
	cl := c.client()
	if cl == nil {
		return client.ErrNotEnrolled
	}
	cfg, _, err := cl.PullConfig(ctx)
	if err != nil {
		return err
	}
	c.mu.Lock()
	c.cfg, c.ok = cfg, true
	c.mu.Unlock()
	return nil
}

func (c *central) config() (wire.Config, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.cfg, c.ok
}

// StaffAccounts is the staff Guard's Central: the accounts central keeps for
// every kiosk, from the configuration last pulled and cached in the data
// directory, so they work offline; none before the first configuration. A
// damaged entry is left out (staff.CentralDirectory).
func (c *central) StaffAccounts() staff.Directory {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.ok {
		return staff.Directory{}
	}
	if c.staffVer != c.cfg.Version {
		c.staff, _ = staff.CentralDirectory(c.cfg.Staff)
		c.staffVer = c.cfg.Version
	}
	return c.staff
}

// DigitalIDKeys is verify mode's Keys: the issuer keys of the cached config's
// trust list, opened with the pinned CA; none (an error) before enrolment, before
// the first config, or once the list is stale.
func (c *central) DigitalIDKeys(now time.Time) ([]digitalid.Key, error) {
	cl := c.client()
	if cl == nil {
		return nil, client.ErrNotEnrolled
	}
	cfg, ok := c.config()
	if !ok {
		return nil, client.ErrNoConfig
	}
	return cl.DigitalIDKeys(cfg, now)
}

// SealingKey is the outbox's Options.Key.
func (c *central) SealingKey() (seal.PublicKey, error) {
	cfg, ok := c.config()
	if !ok {
		return seal.PublicKey{}, errors.New("kiosk: no central configuration yet (not enrolled?)")
	}
	k, ok := wire.SealingKeyFor(cfg.SealingKeys, time.Now())
	if !ok {
		return seal.PublicKey{}, errors.New("kiosk: no valid sealing key in the central configuration")
	}
	return k, nil
}

// Terms implements register.TermsSource.
func (c *central) Terms() (register.Terms, bool) {
	cfg, ok := c.config()
	if !ok {
		return register.Terms{}, false
	}
	return register.TermsFromConfig(cfg)
}

// ServiceEnabled implements shell.Central: whether the central configuration
// enables a service. Before the first configuration, nothing is enabled.
func (c *central) ServiceEnabled(name string) bool {
	cfg, ok := c.config()
	return ok && slices.Contains(cfg.Services, name)
}

// The central configuration's kiosk settings (wire.Config.Settings) the kiosk
// obeys, in whole seconds.
const (
	settingIdle = "idle_timeout_seconds" // last touch to wipe, warning included
	settingPoll = "config_poll_seconds"  // how often the configuration is pulled
)

// Bounds on central's settings: a value outside them is ignored (the local
// default stays), so a typo at central cannot wipe sessions every second or
// hammer it with polls.
const (
	minCentralIdle, maxCentralIdle = 30 * time.Second, time.Hour
	minPoll, maxPoll               = 10 * time.Second, 24 * time.Hour
	defaultPoll                    = time.Minute
)

// IdleTimeout implements shell.Central: central's idle time, or zero when it
// sets none (or a value out of bounds).
func (c *central) IdleTimeout() time.Duration {
	d, _ := c.setting(settingIdle, minCentralIdle, maxCentralIdle)
	return d
}

// pollEvery is how often the configuration is pulled: central's interval, or a
// minute.
func (c *central) pollEvery() time.Duration {
	if d, ok := c.setting(settingPoll, minPoll, maxPoll); ok {
		return d
	}
	return defaultPoll
}

// setting reads a whole-seconds setting of the cached configuration within
// [lo, hi].
func (c *central) setting(key string, lo, hi time.Duration) (time.Duration, bool) {
	cfg, ok := c.config()
	if !ok {
		return 0, false
	}
	n, err := strconv.Atoi(strings.TrimSpace(cfg.Settings[key]))
	if err != nil || n <= 0 || n > int(hi/time.Second) {
		return 0, false
	}
	d := time.Duration(n) * time.Second
	if d < lo {
		return 0, false
	}
	return d, true
}

// live adapts the client to register.Live, mapping its errors to the wizard's.
type live struct{ c *central }

func (l live) cl() (*client.Client, error) {
	if cl := l.c.client(); cl != nil {
		return cl, nil
	}
	return nil, register.ErrUnreachable
}

func liveErr(op string, err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, client.ErrRateLimited):
		return fmt.Errorf("kiosk: %s: %w", op, register.ErrRateLimited)
	case errors.Is(err, client.ErrOffline), errors.Is(err, client.ErrUnauthorized), errors.Is(err, client.ErrRevoked),
		errors.Is(err, client.ErrUntrusted), errors.Is(err, context.DeadlineExceeded):
		return fmt.Errorf("kiosk: %s: %w (%v)", op, register.ErrUnreachable, err)
	}
	return fmt.Errorf("kiosk: %s: %w", op, err)
}

func (l live) CheckID(ctx context.Context, r wire.IDLookupRequest) (wire.IDLookupResponse, error) {
	cl, err := l.cl()
	if err != nil {
		return wire.IDLookupResponse{}, err
	}
	resp, err := cl.LookupID(ctx, r)
	return resp, liveErr("id lookup", err)
}

func (l live) CheckMobile(ctx context.Context, r wire.MobileCheckRequest) (wire.MobileCheckResponse, error) {
	cl, err := l.cl()
	if err != nil {
		return wire.MobileCheckResponse{}, err
	}
	resp, err := cl.CheckMobile(ctx, r)
	return resp, liveErr("mobile check", err)
}

func (l live) SendOTP(ctx context.Context, r wire.OTPSendRequest) (wire.OTPSendResponse, error) {
	cl, err := l.cl()
	if err != nil {
		return wire.OTPSendResponse{}, err
	}
	resp, err := cl.SendOTP(ctx, r)
	return resp, liveErr("send code", err)
}

func (l live) VerifyOTP(ctx context.Context, r wire.OTPVerifyRequest) (wire.OTPVerifyResponse, error) {
	cl, err := l.cl()
	if err != nil {
		return wire.OTPVerifyResponse{}, err
	}
	resp, err := cl.VerifyOTP(ctx, r)
	return resp, liveErr("verify code", err)
}

// sender adapts the (possibly not yet enrolled) client to engine.Sender.
type sender struct{ c *central }

func (s sender) Push(ctx context.Context, recs []wire.Record) ([]wire.PushResult, error) {
	cl := s.c.client()
	if cl == nil {
		return nil, client.ErrNotEnrolled
	}
	return cl.Push(ctx, recs)
}

func (s sender) Ping(ctx context.Context) error {
	cl := s.c.client()
	if cl == nil {
		return client.ErrNotEnrolled
	}
	return cl.Ping(ctx)
}

// kickingQueue wakes the sync engine after each enqueue, so a request made while
// online leaves at once instead of waiting for the engine's idle poll.
type kickingQueue struct {
	*outbox.Store
	e *engine.Engine
}

func (q kickingQueue) Enqueue(req outbox.Request) (outbox.Record, error) {
	rec, err := q.Store.Enqueue(req)
	if err == nil {
		q.e.Kick()
	}
	return rec, err
}

// RequestStatus implements kiosk/status.Central with the enrolled client; before
// enrolment central cannot be asked, which the status flow treats as offline.
func (c *central) RequestStatus(ctx context.Context, ref string) (wire.RequestStatus, error) {
	cl := c.client()
	if cl == nil {
		return wire.RequestStatus{}, client.ErrNotEnrolled
	}
	return cl.RequestStatus(ctx, ref)
}
