package faultproxy

import (
	"io"
	"math/rand/v2"
	"net"
	"sync"
	"sync/atomic"
	"time"
)

// TCPOptions tune a TCP proxy.
type TCPOptions struct {
	// Plan chooses each connection's fault; nil means Always(Pass).
	Plan Plan
	// Delay is how long Delay waits; zero means 200ms.
	Delay time.Duration
	// CutAfter bounds how many bytes flow back to the client before Reset or
	// Truncate strike; the actual point is random in [1, CutAfter]. Zero means 16 KiB.
	// Because clients keep connections alive, a struck connection usually dies in
	// the middle of some later answer, not the first.
	CutAfter int64
}

// TCP is a fault-injecting TCP proxy on a loopback port.
type TCP struct {
	ln     net.Listener
	target string
	o      TCPOptions
	n      atomic.Int64
	counts counts
	wg     sync.WaitGroup
	mu     sync.Mutex
	conns  map[net.Conn]struct{}
	closed bool
}

// NewTCP listens on 127.0.0.1 and forwards every connection to target.
func NewTCP(target string, o TCPOptions) (*TCP, error) {
	if o.Plan == nil {
		o.Plan = Always(Pass)
	}
	if o.Delay <= 0 {
		o.Delay = 200 * time.Millisecond
	}
	if o.CutAfter <= 0 {
		o.CutAfter = 16 << 10
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	p := &TCP{ln: ln, target: target, o: o, conns: map[net.Conn]struct{}{}}
	p.wg.Go(p.serve)
	return p, nil
}

// Addr is the proxy's host:port.
func (p *TCP) Addr() string { return p.ln.Addr().String() }

// Counts reports how many connections got each fault.
func (p *TCP) Counts() map[Fault]int { return p.counts.get() }

// SetPlan replaces the plan for connections accepted from now on.
func (p *TCP) SetPlan(plan Plan) {
	p.mu.Lock()
	p.o.Plan = plan
	p.mu.Unlock()
}

// Close stops listening and cuts every open connection.
func (p *TCP) Close() error {
	err := p.ln.Close()
	p.mu.Lock()
	p.closed = true
	for c := range p.conns {
		c.Close()
	}
	p.mu.Unlock()
	p.wg.Wait()
	return err
}

func (p *TCP) track(c net.Conn) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		c.Close()
		return false
	}
	p.conns[c] = struct{}{}
	return true
}

func (p *TCP) untrack(c net.Conn) {
	p.mu.Lock()
	delete(p.conns, c)
	p.mu.Unlock()
	c.Close()
}

func (p *TCP) serve() {
	for {
		c, err := p.ln.Accept()
		if err != nil {
			return
		}
		if !p.track(c) {
			return
		}
		p.mu.Lock()
		plan := p.o.Plan
		p.mu.Unlock()
		f := plan(int(p.n.Add(1) - 1))
		if f > Truncate {
			f = Pass // HTTP-only faults cannot be applied to opaque bytes
		}
		p.counts.add(f)
		p.wg.Go(func() { p.handle(c, f) })
	}
}

func (p *TCP) handle(client net.Conn, f Fault) {
	defer p.untrack(client)
	switch f {
	case Drop:
		return
	case Delay:
		time.Sleep(p.o.Delay)
	}
	up, err := net.Dial("tcp", p.target)
	if err != nil {
		return
	}
	if !p.track(up) {
		return
	}
	defer p.untrack(up)

	limit := int64(-1)
	if f == Reset || f == Truncate {
		limit = 1 + rand.Int64N(p.o.CutAfter)
	}
	var wg sync.WaitGroup
	wg.Go(func() {
		io.Copy(up, client)
		closeWrite(up)
	})
	if limit < 0 {
		io.Copy(client, up)
		closeWrite(client)
		wg.Wait()
		return
	}
	n, _ := io.CopyN(client, up, limit)
	if n == limit && f == Reset {
		if tc, ok := client.(*net.TCPConn); ok {
			tc.SetLinger(0) // close sends RST, not FIN
		}
	}
	client.Close()
	up.Close()
	wg.Wait()
}

func closeWrite(c net.Conn) {
	if cw, ok := c.(interface{ CloseWrite() error }); ok {
		cw.CloseWrite()
	}
}
