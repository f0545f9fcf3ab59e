package main

import (
	"context"
	"crypto/tls"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/bawaba/bawaba/sync/central"
	"github.com/bawaba/bawaba/sync/central/sms"
	"github.com/bawaba/bawaba/sync/central/store"
	"github.com/bawaba/bawaba/sync/central/store/boltstore"
	"github.com/bawaba/bawaba/sync/central/store/pgstore"
	"github.com/bawaba/bawaba/sync/central/store/vault"
)

type storeFlags struct {
	data     string
	postgres string
	schema   string
	kekFile  string
	devClear bool
}

func (f *storeFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&f.data, "data", "central-data", "data directory: bbolt file, admin socket, CA copy, dev SMS file")
	fs.StringVar(&f.postgres, "postgres", os.Getenv("BAWABA_CENTRAL_POSTGRES"), "PostgreSQL URL; when set, state lives there instead of bbolt")
	fs.StringVar(&f.schema, "pg-schema", "public", "PostgreSQL schema holding the tables")
	fs.StringVar(&f.kekFile, "kek-file", "", "key-encryption key file (mode 0600; 64 hex digits); without it, the systemd credential "+
		vault.CredentialName+" or "+vault.EnvKEK+" (docs/keys.md)")
	fs.BoolVar(&f.devClear, "dev-clear-keys", false, "development only: run without a key-encryption key, keys and data in clear in the database")
}

// open opens the store behind the vault, under the KEK the flags or the
// environment give. Without one it refuses, unless -dev-clear-keys says to run
// in clear — and even then not on a database a vault has encrypted.
func (f *storeFlags) open(ctx context.Context) (store.Store, error) {
	kek, _, kerr := vault.FromEnvironment(f.kekFile)
	if kerr != nil && !(errors.Is(kerr, vault.ErrNoKEK) && f.devClear) {
		if errors.Is(kerr, vault.ErrNoKEK) {
			return nil, fmt.Errorf("%w; for development only, -dev-clear-keys runs without one", kerr)
		}
		return nil, kerr
	}
	raw, err := f.openRaw(ctx)
	if err != nil {
		return nil, err
	}
	if kek == nil {
		if err := vault.CheckClear(ctx, raw); err != nil {
			raw.Close()
			return nil, err
		}
		return raw, nil
	}
	v, err := vault.Open(ctx, raw, kek)
	if err != nil {
		raw.Close()
		return nil, err
	}
	return v, nil
}

func (f *storeFlags) openRaw(ctx context.Context) (store.Store, error) {
	if f.postgres != "" {
		return pgstore.Open(ctx, f.postgres, pgstore.Options{Schema: f.schema, MaxConns: 32})
	}
	if err := os.MkdirAll(f.data, 0o700); err != nil {
		return nil, err
	}
	s, err := boltstore.Open(filepath.Join(f.data, "central.db"), 2*time.Second)
	if err != nil {
		return nil, fmt.Errorf("%w (is a server running on this data directory without its admin socket?)", err)
	}
	return s, nil
}

func (f *storeFlags) socket() string { return filepath.Join(f.data, "admin.sock") }

func serve(args []string) error {
	fs := flag.NewFlagSet("serve", flag.ExitOnError)
	var sf storeFlags
	sf.register(fs)
	listen := fs.String("listen", ":8443", "HTTPS listen address")
	hosts := fs.String("hosts", "localhost,127.0.0.1", "comma-separated DNS names and IPs for the server certificate")
	smsFile := fs.String("sms-file", "", "development SMS sender: append messages to this file (default DATA/sms.log)")
	iter := fs.Int("password-iterations", 0, "PBKDF2 iterations for new passwords (0: the default, 600000)")
	logLevel := fs.String("log-level", "info", "debug, info, warn or error")
	fs.Parse(args)

	var level slog.Level
	if err := level.UnmarshalText([]byte(*logLevel)); err != nil {
		return err
	}
	log := slog.New(slog.NewJSONHandler(os.Stderr, &slog.HandlerOptions{Level: level}))
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	st, err := sf.open(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	if err := os.MkdirAll(sf.data, 0o700); err != nil {
		return err
	}
	if *smsFile == "" {
		*smsFile = filepath.Join(sf.data, "sms.log")
	}
	srv, err := central.New(ctx, central.Options{Store: st, SMS: sms.NewFile(*smsFile, nil), Logger: log,
		Hosts: strings.Split(*hosts, ","), PasswordIterations: *iter})
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(sf.data, "ca.pem"), srv.CA().CertPEM(), 0o644); err != nil {
		return err
	}
	tlsCfg, err := srv.TLSConfig()
	if err != nil {
		return err
	}

	// The admin socket lets `central enroll-code` etc. reach this process while it
	// holds the bbolt file.
	sock := sf.socket()
	os.Remove(sock)
	al, err := net.Listen("unix", sock)
	if err != nil {
		return fmt.Errorf("admin socket: %w", err)
	}
	os.Chmod(sock, 0o600)
	adminSrv := &http.Server{Handler: central.AdminHandler(srv.Admin()), ReadHeaderTimeout: 10 * time.Second}
	go adminSrv.Serve(al)
	defer adminSrv.Close()

	// The digital-ID issuer key renews itself before the kiosks' trust list ages out.
	go func() {
		for {
			if id, err := srv.Admin().RotateIDKeyIfDue(ctx); err != nil {
				log.Error("issuer key rotation", "err", err)
			} else if id != "" {
				log.Info("issuer key rotated", "key", id)
			}
			select {
			case <-ctx.Done():
				return
			case <-time.After(24 * time.Hour):
			}
		}
	}()

	ln, err := net.Listen("tcp", *listen)
	if err != nil {
		return err
	}
	// Every request's context derives from work: cancelling it at shutdown makes
	// the pushes still running stop, commit what they have prepared and return.
	work, stopWork := context.WithCancel(context.Background())
	defer stopWork()
	hs := &http.Server{
		Handler:           srv.Handler(),
		TLSConfig:         tlsCfg,
		ReadHeaderTimeout: 10 * time.Second,
		// The whole body within 60 s; the answer may take up to 120 s, more than
		// the kiosk's recommended 60 s push timeout (docs/protocol.md, Timeouts),
		// so central never cuts an answer a kiosk still waits for.
		ReadTimeout:  60 * time.Second,
		WriteTimeout: 120 * time.Second,
		IdleTimeout:  120 * time.Second,
		ErrorLog:     slog.NewLogLogger(log.Handler(), slog.LevelDebug),
		BaseContext:  func(net.Listener) context.Context { return work },
	}
	log.Info("listening", "addr", ln.Addr().String(), "backend", backendName(sf), "ca_sha256", srv.CA().Fingerprint())
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(tls.NewListener(ln, tlsCfg)) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down")
	return drain(hs, stopWork, log)
}

// Shutdown bounds: requests get drainGrace to finish on their own, then their
// work is cancelled (pushes commit what they have prepared) and they get
// drainCancelled more. A SIGTERM thus ends the process within their sum.
const (
	drainGrace     = 5 * time.Second
	drainCancelled = 10 * time.Second
)

// drain stops accepting connections and waits for the requests in flight,
// cancelling their work after drainGrace. It fails only if some are still running
// after both bounds, which cancelled work does not do.
func drain(hs *http.Server, stopWork context.CancelFunc, log *slog.Logger) error {
	start := time.Now()
	done := make(chan error, 1)
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), drainGrace+drainCancelled)
		defer cancel()
		done <- hs.Shutdown(ctx)
	}()
	var err error
	select {
	case err = <-done:
	case <-time.After(drainGrace):
		log.Info("cancelling the requests still running")
		stopWork()
		err = <-done
	}
	if err != nil && !errors.Is(err, http.ErrServerClosed) {
		hs.Close()
		return fmt.Errorf("shutdown: requests still running after %v: %w", time.Since(start).Round(time.Millisecond), err)
	}
	log.Info("stopped", "drain_ms", time.Since(start).Milliseconds())
	return nil
}

func backendName(sf storeFlags) string {
	if sf.postgres != "" {
		return "postgres"
	}
	return "bbolt"
}
