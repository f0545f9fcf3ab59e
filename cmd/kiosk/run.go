package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"

	"github.com/bawaba/bawaba/assets"
	"github.com/bawaba/bawaba/cmd/internal/sdnotify"
	"github.com/bawaba/bawaba/devices/manager"
	"github.com/bawaba/bawaba/devices/receipt"
	"github.com/bawaba/bawaba/kiosk/diag"
	"github.com/bawaba/bawaba/kiosk/enrol"
	"github.com/bawaba/bawaba/kiosk/proof"
	"github.com/bawaba/bawaba/kiosk/register"
	"github.com/bawaba/bawaba/kiosk/register/wizard"
	"github.com/bawaba/bawaba/kiosk/settings"
	"github.com/bawaba/bawaba/kiosk/shell"
	"github.com/bawaba/bawaba/kiosk/speech"
	"github.com/bawaba/bawaba/kiosk/staff"
	kstatus "github.com/bawaba/bawaba/kiosk/status"
	"github.com/bawaba/bawaba/kiosk/theme"
	"github.com/bawaba/bawaba/kiosk/usb"
	"github.com/bawaba/bawaba/kiosk/verify"
	"github.com/bawaba/bawaba/sync/client"
	"github.com/bawaba/bawaba/sync/engine"
	"github.com/bawaba/bawaba/sync/outbox"
	"github.com/bawaba/bawaba/sync/transfer"
	"github.com/bawaba/bawaba/sync/wire"
)

type runOptions struct {
	// configPath is the configuration file; what staff change on screen goes to
	// the overlay in its data directory (SaveSettings).
	configPath string
	windowed   bool
	enrollCode string
	caFile     string
	// maintenance is set when staff left kiosk mode (exit status
	// ExitMaintenance, not restarted by systemd); run makes it.
	maintenance *atomic.Bool
	// log is where the kiosk logs (JSON lines in a rotated file on a deployed
	// kiosk, -log-file); nil: text on standard error.
	log *slog.Logger
}

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

// run starts every part, shows the UI until the window closes or a signal
// arrives, and then stops the parts in reverse order.
func run(cfg *Config, ro runOptions) error {
	ro.maintenance = new(atomic.Bool)
	log := ro.log
	if log == nil {
		log = slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := os.MkdirAll(cfg.DataDir, 0o700); err != nil {
		return fmt.Errorf("data dir: %w", err)
	}
	if cfg.OverlayErr != nil {
		// Names the file and the field; the values are settings, not personal data.
		log.Error("settings changed on screen set aside: using the configuration file's", "err", cfg.OverlayErr)
	} else if cfg.overlayUsed != "" {
		log.Info("settings changed on screen applied over the configuration file", "overlay", cfg.overlayUsed)
	}

	// The central service's client: the kiosk's identity, enrolled once.
	idDir := filepath.Join(cfg.DataDir, "identity")
	cl, err := client.Open(cfg.CentralURL, idDir, client.Options{})
	if errors.Is(err, client.ErrNotEnrolled) && ro.enrollCode != "" {
		ca, rerr := os.ReadFile(ro.caFile)
		if rerr != nil {
			return fmt.Errorf("enrol: read CA: %w", rerr)
		}
		ectx, cancel := context.WithTimeout(ctx, 30*time.Second)
		cl, err = client.Enroll(ectx, cfg.CentralURL, idDir, client.Enrollment{Code: ro.enrollCode, CA: ca}, client.Options{})
		cancel()
		if err != nil {
			return fmt.Errorf("enrol: %w", err)
		}
		log.Info("enrolled", "kiosk", cl.KioskID())
	}
	if err != nil && !errors.Is(err, client.ErrNotEnrolled) {
		return fmt.Errorf("central client: %w", err)
	}

	// The window; what it shows needs the kiosk's identity, or gets it.
	a := app.NewWithID("sa.bawaba.kiosk")
	a.SetIcon(fyne.NewStaticResource("icon.png", assets.Icon))
	w := a.NewWindow("Bawaba")
	w.SetPadded(false)
	w.Resize(fyne.NewSize(1280, 800))

	// The kiosk's parts run under one identity; a re-enrolment stops them and
	// starts them again under the new one, in the same window.
	var (
		running  *kioskParts
		startErr error
		start    func(cl *client.Client) error
	)
	reenrolled := func(newID string) {
		// Queued: the identity tool calls this from inside the shell it stops.
		fyne.Do(func() {
			old := running
			if old == nil {
				return
			}
			running = nil
			old.stopUI()
			go func() {
				old.stopBG()
				cl, err := client.Open(cfg.CentralURL, idDir, client.Options{})
				fyne.Do(func() {
					if err == nil {
						err = start(cl)
					}
					if err != nil {
						startErr = fmt.Errorf("after re-enrolment: %w", err)
						a.Quit()
						return
					}
					running.guard.Audit(old.guard.who(), staff.ActionReenrol, staff.ResultOK, old.kioskID+">"+newID)
				})
			}()
		})
	}
	start = func(cl *client.Client) error {
		k, err := startParts(ctx, w, cfg, ro, log, cl, idDir, reenrolled)
		if err != nil {
			cl.Close()
			return err
		}
		running = k
		return nil
	}
	if cl != nil {
		if err := start(cl); err != nil {
			return err
		}
	} else {
		// Not enrolled and no -enroll-code: the technician enrols on the screen,
		// and the kiosk starts as soon as that succeeds, with no restart.
		log.Warn("kiosk not enrolled: showing the enrolment screen (or run with -enroll-code)")
		a.Settings().SetTheme(theme.New(theme.Options{}))
		// The screen speaks through the kiosk's own engine (the shell's is not
		// started yet); with no audio device it has no speech switch.
		var voice speech.Engine
		player := speech.NewPlayer(&speech.Prompts{Dir: filepath.Join(cfg.DataDir, "speech")}, speech.DefaultDevice())
		player.OnError = func(err error) { log.Warn("speech", "err", err) } // prompt keys at most
		cctx, ccancel := context.WithTimeout(ctx, 3*time.Second)
		if err := player.Check(cctx); err != nil {
			log.Info("enrolment screen without speech", "audio", err.Error())
		} else {
			voice = player
		}
		ccancel()
		sc := enrol.NewScreen(w, enrol.ScreenOptions{Speech: voice,
			Funcs: enrolFuncs(ro.configPath, idDir, log, func(u string) { cfg.CentralURL = u }),
			URL:   cfg.CentralURL, Lang: cfg.lang,
			// The configuration's warning; the technician's idle time is the
			// screen's own (enrol.DefaultIdleTimeout), longer than a resident's.
			IdleWarning: cfg.idleWarning,
			Done: func(string) {
				cl, err := client.Open(cfg.CentralURL, idDir, client.Options{})
				if err == nil {
					err = start(cl)
				}
				if err != nil {
					startErr = fmt.Errorf("after enrolment: %w", err)
					a.Quit()
				}
			},
		})
		dumpWidgets(w, enrolScreen{sc})
	}
	// Under systemd (deploy/systemd): ready once the window is up, and alive only
	// while the UI goroutine answers, so a hung screen is restarted.
	a.Lifecycle().SetOnStarted(sdnotify.Ready)
	watchCtx, stopWatch := context.WithCancel(ctx)
	defer stopWatch()
	go sdnotify.Watchdog(watchCtx, uiAnswers)

	// A signal quits the app; in full-screen kiosk mode the window cannot be
	// closed by a person (Alt+F4 on a kiosk is an attack, not a wish).
	go func() {
		<-ctx.Done()
		fyne.Do(a.Quit)
	}()
	w.SetCloseIntercept(func() {
		if ro.windowed {
			a.Quit()
		}
	})
	if !ro.windowed {
		w.SetFullScreen(true)
	}
	w.SetMaster()
	w.ShowAndRun()

	// Shutdown: the parts in reverse order.
	if running != nil {
		running.stopUI()
		running.stopBG()
	}
	log.Info("kiosk stopped")
	if startErr == nil && ro.maintenance.Load() {
		return errMaintenance
	}
	return startErr
}

// kioskParts are the running kiosk's: stopUI stops the shell's timers (on
// Fyne's goroutine), stopBG the background parts, then the outbox and the
// client (on any goroutine; it waits up to 10 s).
type kioskParts struct {
	kioskID        string
	guard          *signedIn
	stopUI, stopBG func()
}

// startParts starts every part that needs the kiosk's identity — outbox, sync,
// devices, speech, the shell with its flows — and shows the shell in w.
func startParts(ctx context.Context, w fyne.Window, cfg *Config, ro runOptions, log *slog.Logger, cl *client.Client, idDir string,
	reenrolled func(kioskID string)) (_ *kioskParts, err error) {
	cen := &central{}
	cen.set(cl)
	kioskID := cl.KioskID()
	var undo []func() // on failure, last first
	defer func() {
		if err != nil {
			for i := len(undo) - 1; i >= 0; i-- {
				undo[i]()
			}
		}
	}()

	// The outbox: durable before "done".
	store := outbox.OpenOrDegrade(filepath.Join(cfg.DataDir, "outbox.db"), outbox.Options{KioskID: kioskID, Key: cen.SealingKey,
		MaxRecords: cfg.OutboxMaxRecords, MaxAge: cfg.outboxMaxAge})
	undo = append(undo, func() { store.Close() })
	if err := store.Degraded(); err != nil {
		log.Error("outbox degraded", "err", err)
	}

	// Background parts; wg tracks them for a clean shutdown.
	bg, cancelBG := context.WithCancel(ctx)
	var wg sync.WaitGroup
	goBG := func(name string, f func(context.Context) error) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := f(bg); err != nil && !errors.Is(err, context.Canceled) {
				log.Error("stopped", "part", name, "err", err)
			}
		}()
	}
	undo = append(undo, func() { cancelBG(); wg.Wait() })
	eng := engine.New(store, sender{cen}, engine.Options{Logger: log})
	goBG("sync", eng.Run)
	goBG("config", func(ctx context.Context) error { return pullConfig(ctx, cen, log) })
	goBG("certificate", func(ctx context.Context) error { return renewCertificate(ctx, cen, log) })

	var devs []manager.Device
	for _, d := range cfg.Devices {
		dev := manager.Device{Name: d.Name, Kind: manager.Kind(d.Kind), Path: d.Path, Baud: d.Baud}
		if dev.Kind == manager.Printer {
			dev.Profile = receipt.Profile{WidthDots: cfg.PaperWidthDots}
		}
		devs = append(devs, dev)
	}
	mgr, err := manager.New(devs, manager.Options{})
	if err != nil {
		return nil, fmt.Errorf("devices: %w", err)
	}
	goBG("devices", mgr.Run)

	// Spoken guidance: prompts rendered by espeak-ng once into a cache beside
	// the data (kiosk/speech says why not shipped as WAV files), played on the
	// default audio device; with none, the kiosk works on silently.
	prompts := &speech.Prompts{Dir: filepath.Join(cfg.DataDir, "speech")}
	voice := speech.NewPlayer(prompts, speech.DefaultDevice())
	voice.OnError = func(err error) { log.Warn("speech", "err", err) } // prompt keys at most, never what is spelled
	goBG("speech prompts", func(ctx context.Context) error {
		if err := voice.Check(ctx); err != nil {
			// No audio: no minute of rendering for nothing. Should a device
			// appear later, prompts are rendered as they are first said.
			log.Info("speech", "audio", err.Error())
			return nil
		}
		return prompts.Warm(ctx)
	})

	// The UI.
	reg := &service{Flow: wizard.New(wizard.Options{
		Deps: register.Deps{
			Queue: kickingQueue{store, eng}, Printer: printer{mgr, cfg.printerName()}, Terms: cen,
			Live: live{cen}, Online: eng.Online, KioskID: kioskID, Language: string(cfg.lang),
			Rand: captchaRand(),
		},
		ReceiptWidth: cfg.PaperWidthDots,
	}), name: wire.ServiceRegistration}

	lookup := kstatus.New(kstatus.Options{Central: cen, Outbox: store})

	// Failed fingerprint matches on this kiosk, for every service, kept across
	// restarts (IDs only as a keyed hash); an unusable file starts empty.
	lock, err := proof.OpenLockout(filepath.Join(cfg.DataDir, "fingerprint-lockout.json"),
		func(err error) { log.Error("fingerprint lockout", "err", err) })
	if err != nil {
		log.Error("fingerprint lockout", "err", err)
	}
	act := newActivation(cfg, cen, store, eng, mgr, kioskID, lock)
	mob := newMobileChange(cfg, cen, store, eng, mgr, kioskID, lock)
	cash := newATM(cfg, cen, store, eng, mgr, kioskID)
	// Show my digital ID: proven by the bank card in mode "atm", the fingerprint
	// (or password and code) otherwise.
	addr := newAddress(cfg, cen, store, eng, mgr, kioskID, lock)
	me := newMyID(cen, eng, printer{mgr, cfg.printerName()}, myidProver(cfg, cen, eng, mgr, lock))
	checkID := verifyTile{verify.New(verify.Options{Events: mgr, Keys: cen.DigitalIDKeys})}
	flows := []shell.Flow{reg, act, mob, me, addr, lookup, checkID}
	if cfg.Mode == "atm" {
		// Inside a bank ATM the bank card proves the person; no fingerprint.
		flows = []shell.Flow{cash, mob, me, addr, lookup, checkID}
	}
	deps := newDependents(cfg, cen, store, eng, mgr, kioskID, lock)
	flows = append(flows, deps)

	// Staff tools: verify a digital ID; carry the outbox out on a USB stick;
	// check the connection and send now; change the settings.
	// Both report what they did to the staff audit trail, as the staff member
	// signed in (ui is set before any staff tool can start).
	var ui *shell.Shell
	auditStaff := func(a staff.Action, r staff.Result, detail string) { ui.AuditStaff(a, r, detail) }
	staffFlows := []shell.Flow{verify.New(verify.Options{Events: mgr, Keys: cen.DigitalIDKeys, Audit: auditStaff}),
		usb.New(usb.Options{Outbox: store, Identity: func() (*transfer.Identity, error) { return transfer.LoadIdentity(idDir) }, Path: cfg.USBPath, Audit: auditStaff}),
		diag.New(diag.Options{Ping: sender{cen}.Ping, Stats: store.Stats, Kick: eng.Kick, Audit: auditStaff,
			Devices: mgr, KioskID: kioskID, PaperWidth: cfg.PaperWidthDots, Frozen: store.Frozen, Sync: eng.Status}),
		settings.New(settings.Options{Load: func() (settings.Values, error) { return loadSettings(ro.configPath) },
			Save: func(v settings.Values) error {
				err := SaveSettings(ro.configPath, v, resolvePort)
				if err != nil {
					log.Warn("settings not saved", "err", err) // field names and paths, no personal data
				}
				return err
			},
			Ports: presentPorts(ro.configPath),
			Apply: func(v settings.Values) { ui.SetDefaults(v.Language, v.IdleTimeout) }, Audit: auditStaff,
			SetPort: func(name, path string, baud int) error { return movePort(mgr, log, name, path, baud) }})}
	staffFlows = append(staffFlows, identityTool(cen, store.Stats, enrolFuncs(ro.configPath, idDir, log, func(u string) { cfg.CentralURL = u }), auditStaff, reenrolled))
	// Staff: accounts from the config and from central, wrong PINs counted on disk, every action
	// audited on the kiosk and sealed for central.
	if cfg.StaffPINHash != "" {
		log.Warn("staff_pin_hash is deprecated: it is staff ID 0; give each staff member a staff entry")
	}
	lockout, err := staff.OpenLockout(filepath.Join(cfg.DataDir, "staff-lockout.json"))
	if err != nil {
		log.Error("staff lockout", "err", err)
	}
	guard := &signedIn{Guard: staff.NewGuard(staff.Options{Accounts: cfg.staff, Central: cen.StaffAccounts, Lockout: lockout,
		Trail:   staff.NewTrail(filepath.Join(cfg.DataDir, "staff-audit.jsonl"), kickingQueue{store, eng}),
		OnError: func(err error) { log.Error("staff", "err", err) }})}
	// Staff may leave kiosk mode for maintenance: full screen, the app ends
	// with ExitMaintenance, which systemd does not restart on; in a window it
	// just quits.
	exitKiosk := func() {
		log.Info("leaving kiosk mode for maintenance")
		ro.maintenance.Store(!ro.windowed)
		fyne.CurrentApp().Quit()
	}
	ui = shell.New(w, shell.Options{
		Flows:       flows,
		StaffFlows:  staffFlows,
		ExitKiosk:   exitKiosk,
		Lang:        cfg.lang,
		IdleTimeout: cfg.idleTimeout,
		IdleWarning: cfg.idleWarning,
		Sync:        syncStatus{eng},
		Queue:       queueStatus{store, eng},
		Devices:     deviceStatus{mgr},
		Central:     cen,
		Staff:       guard,
		KioskID:     kioskID,
		Mode:        cfg.Mode,
		Version:     version,
		Theme:       theme.Options{},
		Speech:      voice,
		OnScreen: func(screen string, tiles []string) {
			log.Info("screen", "name", screen, "tiles", tiles)
		},
	})
	ui.Start()
	dumpWidgets(w, ui)

	// A card or passport in the document reader fills the open form; a bank card
	// goes to the ATM activation or the mobile change; a receipt under the barcode
	// scanner is looked up by the status flow.
	events, unsubscribe := mgr.Subscribe(16)
	goBG("device events", func(ctx context.Context) error {
		for {
			select {
			case <-ctx.Done():
				return ctx.Err()
			case ev := <-events:
				if ev.Type == manager.StatusChanged {
					// The detail code as it is, for a technician; screens say it in words.
					log.Info("device", "name", ev.Device, "state", string(ev.Status.State), "paper", string(ev.Status.Paper), "detail", ev.Status.Detail)
				}
				// A receipt's QR code under the scanner looks its request up.
				if ev.Type == manager.BarcodeRead && ev.Barcode != nil {
					data := ev.Barcode.Data
					fyne.Do(func() {
						if ui.FlowID() == lookup.ID() {
							lookup.Scanned(data)
						}
					})
				}
				if ev.Type == manager.CardInserted {
					card, err := ev.Card, ev.Err
					fyne.Do(func() {
						if ui.CardInserted(card, err) {
							return // the ATM home's: kept for the service chosen next
						}
						switch ui.FlowID() {
						case cash.ID():
							cash.CardInserted(card, err)
						case mob.ID():
							mob.CardInserted(card, err)
						case addr.ID():
							addr.CardInserted(card, err)
						case me.ID():
							me.CardInserted(card, err)
						case deps.ID():
							deps.CardInserted(card, err)
						}
					})
				}
				if ev.Type == manager.DocumentRead && ev.Document != nil {
					doc := *ev.Document
					fyne.Do(func() {
						switch ui.FlowID() {
						case reg.ID():
							reg.FillFromDocument(doc)
						case act.ID():
							act.FillFromDocument(doc)
						case mob.ID():
							mob.FillFromDocument(doc)
						case addr.ID():
							addr.FillFromDocument(doc)
						case me.ID():
							me.FillFromDocument(doc)
						case deps.ID():
							deps.FillFromDocument(doc)
						}
					})
				}
			}
		}
	})

	log.Info("kiosk started", "kiosk", kioskID, "mode", cfg.Mode, "devices", len(devs))
	return &kioskParts{kioskID: kioskID, guard: guard,
		// Stop: the UI's timers, then the background parts, then the outbox and
		// the client.
		stopUI: ui.Stop,
		stopBG: func() {
			cancelBG()
			done := make(chan struct{})
			go func() { wg.Wait(); close(done) }()
			select {
			case <-done:
			case <-time.After(10 * time.Second):
				log.Warn("shutdown: background parts still running after 10s")
			}
			unsubscribe()
			store.Close()
			cl.Close()
		}}, nil
}

// uiAnswers reports whether Fyne's goroutine runs a function within 10 s: the
// watchdog's proof that the screen still responds to touches.
func uiAnswers(ctx context.Context) bool {
	done := make(chan struct{})
	go fyne.Do(func() { close(done) })
	select {
	case <-done:
		return true
	case <-ctx.Done():
	case <-time.After(10 * time.Second):
	}
	return false
}

// renewCertificate renews the kiosk's client certificate when a third of its
// lifetime is left (client.RenewDue), checking a minute after start and then
// every six hours; offline it simply tries again later.
func renewCertificate(ctx context.Context, cen *central, log *slog.Logger) error {
	wait := time.Minute
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(wait):
		}
		wait = 6 * time.Hour
		cl := cen.client()
		if cl == nil {
			continue
		}
		renewed, err := cl.RenewIfDue(ctx, time.Now())
		switch {
		case err != nil:
			log.Warn("certificate renewal", "err", err)
			wait = time.Hour
		case renewed:
			_, until := cl.Certificate()
			log.Info("certificate renewed", "not_after", until)
		}
	}
}

// pullConfig refreshes the cached central configuration at central's interval
// (config_poll_seconds); the shell reads it at its next status poll.
func pullConfig(ctx context.Context, cen *central, log *slog.Logger) error {
	every := 2 * time.Second // quickly at first, until the first answer
	for {
		if err := cen.refresh(ctx); err == nil {
			every = cen.pollEvery()
		} else if !errors.Is(err, client.ErrNotEnrolled) && !errors.Is(err, client.ErrOffline) {
			log.Warn("config pull", "err", err)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(every):
		}
	}
}

// service names the central service a flow offers (shell.Servicer): the shell
// shows its tile only while the central configuration enables it.
type service struct {
	*wizard.Flow
	name string
}

// Service implements shell.Servicer.
func (s *service) Service() string { return s.name }
