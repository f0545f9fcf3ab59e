package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"time"

	"github.com/bawaba/bawaba/sync/central/store/vault"
)

// rotateKEK rewraps the data key under a new KEK. It opens the store itself, so
// with bbolt the server must be stopped (it holds the file); PostgreSQL replicas
// keep running and need the new KEK at their next start.
func rotateKEK(args []string) error {
	fs := flag.NewFlagSet("rotate-kek", flag.ExitOnError)
	var sf storeFlags
	sf.register(fs)
	newFile := fs.String("new-kek-file", "", "the new key-encryption key file (mode 0600; `central gen-kek`)")
	fs.Parse(args)
	if *newFile == "" {
		return errors.New("usage: central rotate-kek [-kek-file CURRENT] -new-kek-file NEW")
	}
	cur, src, err := vault.FromEnvironment(sf.kekFile)
	if err != nil {
		return err
	}
	next, err := vault.LoadKEKFile(*newFile)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	raw, err := sf.openRaw(ctx)
	if err != nil {
		return err
	}
	defer raw.Close()
	if err := vault.Rewrap(ctx, raw, cur, next); err != nil {
		return err
	}
	fmt.Printf("the data key is now wrapped under %s; the KEK from %s no longer opens the database\n", *newFile, src)
	return nil
}
