// Package faultproxy sits between a kiosk and the central service in tests and
// breaks the link on purpose: dropped and reset connections, delays, truncated
// answers, 5xx answers the central service never sent, and requests delivered twice.
//
// Two proxies are here because faults live at two layers. TCP forwards bytes it
// cannot read (the link is mutual TLS end to end) and so can only cut, reset and
// delay connections. HTTP terminates TLS itself and forwards each request over its
// own client connection, so it can fake status codes and replay requests.
//
// Which fault hits which connection or request is decided by a Plan, normally
// Random with a fixed seed so a failing run can be replayed.
//
// # Caveats
//
//   - Test code only: it listens on loopback and trusts whatever Transport it is
//     given for the upstream side.
//   - The HTTP proxy presents its own certificate to the kiosk and forwards with the
//     credentials in its Transport, so the central service sees whichever client
//     certificate that Transport carries.
package faultproxy

import (
	"math/rand/v2"
	"sync"
)

// Fault is what a proxy does to one connection (TCP) or one request (HTTP).
type Fault int

// Faults. TCP applies Pass, Drop, Reset, Delay and Truncate; HTTP applies all.
const (
	// Pass forwards untouched.
	Pass Fault = iota
	// Drop closes the client connection before anything is forwarded.
	Drop
	// Reset forwards the request, then resets the client connection: the
	// central service may have acted on a request whose answer the kiosk never gets.
	Reset
	// Delay waits Options.Delay, then forwards.
	Delay
	// Truncate forwards, then cuts the answer part way through.
	Truncate
	// Fail503 answers 503 without forwarding (HTTP only).
	Fail503
	// Fail502After forwards, throws the answer away and answers 502 (HTTP only).
	Fail502After
	// Duplicate forwards the request twice and returns the second answer (HTTP
	// only), as a retrying middlebox would.
	Duplicate
	nFaults
)

var faultNames = [...]string{"pass", "drop", "reset", "delay", "truncate", "fail503", "fail502after", "duplicate"}

func (f Fault) String() string {
	if f >= 0 && f < nFaults {
		return faultNames[f]
	}
	return "unknown"
}

// Plan chooses the fault for the n-th connection or request (counting from 0).
// It is called from many goroutines.
type Plan func(n int) Fault

// Always is a Plan that applies f every time.
func Always(f Fault) Plan { return func(int) Fault { return f } }

// Script is a Plan that applies script in order, then follows then: a test that
// must see every fault strike at least once lists them first.
func Script(then Plan, script ...Fault) Plan {
	return func(n int) Fault {
		if n < len(script) {
			return script[n]
		}
		return then(n)
	}
}

// Random is a Plan that applies each fault with the weight given in weights (Pass
// gets whatever is left of 1.0), from a generator seeded with seed.
func Random(seed uint64, weights map[Fault]float64) Plan {
	var mu sync.Mutex
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	return func(int) Fault {
		mu.Lock()
		x := rng.Float64()
		mu.Unlock()
		for f := Fault(0); f < nFaults; f++ {
			w := weights[f]
			if f == Pass {
				continue
			}
			if x < w {
				return f
			}
			x -= w
		}
		return Pass
	}
}

// counts tallies the faults applied, for tests to check that each one happened.
type counts struct {
	mu sync.Mutex
	n  [nFaults]int
}

func (c *counts) add(f Fault) {
	c.mu.Lock()
	c.n[f]++
	c.mu.Unlock()
}

func (c *counts) get() map[Fault]int {
	c.mu.Lock()
	defer c.mu.Unlock()
	m := map[Fault]int{}
	for f, n := range c.n {
		if n > 0 {
			m[Fault(f)] = n
		}
	}
	return m
}
