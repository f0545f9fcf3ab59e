package seal_test

import (
	"fmt"
	"time"

	"github.com/bawaba/bawaba/sync/seal"
)

func Example() {
	// The central service keeps priv; kiosks receive priv.Public().
	priv, err := seal.GenerateKey("central-2026-01", time.Now().AddDate(1, 0, 0))
	if err != nil {
		panic(err)
	}
	sealed, err := priv.Public().Seal("0190f7a2-0000-7000-8000-000000000000", "registration", []byte("synthetic"))
	if err != nil {
		panic(err)
	}
	pt, err := seal.Open(priv, "0190f7a2-0000-7000-8000-000000000000", "registration", sealed)
	fmt.Println(string(pt), err)
	_, err = seal.Open(priv, "another-record", "registration", sealed)
	fmt.Println(err)
	// Output:
	// synthetic <nil>
	// seal: cannot open payload
}
