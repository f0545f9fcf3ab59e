package pgstore_test

import (
	"testing"

	"github.com/bawaba/bawaba/sync/central/store/storetest"
)

func TestSuite(t *testing.T) { storetest.Run(t, storetest.MustOpenPostgres) }
