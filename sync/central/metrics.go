package central

import (
	"fmt"
	"io"
	"slices"
	"sort"
	gosync "sync"
	"time"
)

// metrics is a hand-written Prometheus text exposition: a few counters and one
// histogram are all the service needs, which does not justify a client library.
type metrics struct {
	mu       gosync.Mutex
	requests map[[2]string]uint64 // {route, status code} -> count
	records  map[string]uint64    // push status -> count
	declined uint64               // applied records whose back office outcome was "declined"
	// incompletes counts, per route, bodies that did not arrive whole (too slow or
	// cut): transport failures, apart from the 400s of bad requests.
	incompletes map[string]uint64
	batches     histogram
	smsOut      map[string]uint64 // outcome SMS tries by outcome: sent, retry, dropped
	purged      uint64            // sealed payloads purged after their retention
}

var latencyBuckets = []float64{0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10}

type histogram struct {
	counts []uint64 // per bucket, non-cumulative; last is +Inf
	sum    float64
	n      uint64
}

func newMetrics() *metrics {
	return &metrics{requests: map[[2]string]uint64{}, records: map[string]uint64{}, incompletes: map[string]uint64{}, smsOut: map[string]uint64{},
		batches: histogram{counts: make([]uint64, len(latencyBuckets)+1)}}
}

func (m *metrics) request(route string, code int) {
	m.mu.Lock()
	m.requests[[2]string{route, fmt.Sprint(code)}]++
	m.mu.Unlock()
}

func (m *metrics) incomplete(route string) {
	m.mu.Lock()
	m.incompletes[route]++
	m.mu.Unlock()
}

func (m *metrics) batch(d time.Duration, statuses map[string]int, declined int) {
	s := d.Seconds()
	m.mu.Lock()
	defer m.mu.Unlock()
	i := sort.SearchFloat64s(latencyBuckets, s)
	m.batches.counts[i]++
	m.batches.sum += s
	m.batches.n++
	for k, v := range statuses {
		m.records[k] += uint64(v)
	}
	m.declined += uint64(declined)
}

func (m *metrics) sms(outcome string) {
	m.mu.Lock()
	m.smsOut[outcome]++
	m.mu.Unlock()
}

func (m *metrics) purge(n int) {
	m.mu.Lock()
	m.purged += uint64(n)
	m.mu.Unlock()
}

func (m *metrics) write(w io.Writer) {
	m.mu.Lock()
	defer m.mu.Unlock()
	fmt.Fprintln(w, "# HELP bawaba_http_requests_total HTTP requests by route and status code.")
	fmt.Fprintln(w, "# TYPE bawaba_http_requests_total counter")
	keys := make([][2]string, 0, len(m.requests))
	for k := range m.requests {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b [2]string) int {
		if a[0] != b[0] {
			return compare(a[0], b[0])
		}
		return compare(a[1], b[1])
	})
	for _, k := range keys {
		fmt.Fprintf(w, "bawaba_http_requests_total{route=%q,code=%q} %d\n", k[0], k[1], m.requests[k])
	}
	fmt.Fprintln(w, "# HELP bawaba_http_body_incomplete_total Request bodies that arrived too slowly or were cut off, by route.")
	fmt.Fprintln(w, "# TYPE bawaba_http_body_incomplete_total counter")
	routes := make([]string, 0, len(m.incompletes))
	for r := range m.incompletes {
		routes = append(routes, r)
	}
	slices.Sort(routes)
	for _, r := range routes {
		fmt.Fprintf(w, "bawaba_http_body_incomplete_total{route=%q} %d\n", r, m.incompletes[r])
	}
	fmt.Fprintln(w, "# HELP bawaba_records_total Pushed records by result.")
	fmt.Fprintln(w, "# TYPE bawaba_records_total counter")
	for _, s := range []string{"accepted", "duplicate", "rejected"} {
		fmt.Fprintf(w, "bawaba_records_total{status=%q} %d\n", s, m.records[s])
	}
	fmt.Fprintln(w, "# HELP bawaba_records_declined_total Accepted records the back office declined.")
	fmt.Fprintln(w, "# TYPE bawaba_records_declined_total counter")
	fmt.Fprintf(w, "bawaba_records_declined_total %d\n", m.declined)
	fmt.Fprintln(w, "# HELP bawaba_sms_outcome_total Tries of queued outcome SMS by outcome (sent, retry, dropped).")
	fmt.Fprintln(w, "# TYPE bawaba_sms_outcome_total counter")
	for _, o := range []string{"sent", "retry", "dropped"} {
		fmt.Fprintf(w, "bawaba_sms_outcome_total{outcome=%q} %d\n", o, m.smsOut[o])
	}
	fmt.Fprintln(w, "# HELP bawaba_sealed_purged_total Sealed payloads purged after their retention.")
	fmt.Fprintln(w, "# TYPE bawaba_sealed_purged_total counter")
	fmt.Fprintf(w, "bawaba_sealed_purged_total %d\n", m.purged)
	fmt.Fprintln(w, "# HELP bawaba_push_batch_seconds Time to answer a push batch.")
	fmt.Fprintln(w, "# TYPE bawaba_push_batch_seconds histogram")
	var cum uint64
	for i, le := range latencyBuckets {
		cum += m.batches.counts[i]
		fmt.Fprintf(w, "bawaba_push_batch_seconds_bucket{le=\"%g\"} %d\n", le, cum)
	}
	cum += m.batches.counts[len(latencyBuckets)]
	fmt.Fprintf(w, "bawaba_push_batch_seconds_bucket{le=\"+Inf\"} %d\n", cum)
	fmt.Fprintf(w, "bawaba_push_batch_seconds_sum %g\n", m.batches.sum)
	fmt.Fprintf(w, "bawaba_push_batch_seconds_count %d\n", m.batches.n)
}

func compare(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
