package central

import (
	"net/http"
	gosync "sync"
	"time"

	"github.com/bawaba/bawaba/sync/wire"
)

// busyRetry is the Retry-After of a push refused because too many are in flight:
// long enough for a batch to finish, short enough that an honest kiosk is not
// held back for long.
const busyRetry = 2 * time.Second

// pushGate bounds the pushes in flight, in all and per kiosk. It is taken before
// the body is read, so a refused push costs no more than its headers.
type pushGate struct {
	all      chan struct{}
	perKiosk int
	mu       gosync.Mutex
	kiosks   map[string]int
}

func newPushGate(all, perKiosk int) *pushGate {
	return &pushGate{all: make(chan struct{}, all), perKiosk: perKiosk, kiosks: map[string]int{}}
}

// enter takes a place for kioskID, or returns 503 busy; the caller must call the
// returned release once done.
func (g *pushGate) enter(kioskID string) (release func(), _ error) {
	g.mu.Lock()
	if g.kiosks[kioskID] >= g.perKiosk {
		g.mu.Unlock()
		return nil, busy("too many pushes in flight for this kiosk; retry")
	}
	select {
	case g.all <- struct{}{}:
	default:
		g.mu.Unlock()
		return nil, busy("too many pushes in flight; retry")
	}
	g.kiosks[kioskID]++
	g.mu.Unlock()
	return func() {
		g.mu.Lock()
		if g.kiosks[kioskID]--; g.kiosks[kioskID] == 0 {
			delete(g.kiosks, kioskID)
		}
		<-g.all
		g.mu.Unlock()
	}, nil
}

// busy is a 503 the kiosk's engine treats as "central busy": it retries the same
// records after Retry-After and counts the failure against none of them.
func busy(msg string) *httpError {
	return &httpError{status: http.StatusServiceUnavailable, body: wire.Error{Code: wire.ErrBusy, Message: msg}, retryAfter: busyRetry}
}
