// Command benchratio reads `go test -bench` output on standard input and prints, for
// every benchmark that has a sibling sub-benchmark named "baseline", the ratio of the
// baseline's time per operation to each sibling's: 1.0 means as fast as the baseline,
// 0.8 means it takes 25% longer. Repeated runs (-count) are reduced to their median.
package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// benchLine matches "BenchmarkName/sub-8   1000   1234 ns/op ...".
var benchLine = regexp.MustCompile(`^(Benchmark\S+?)(?:-\d+)?\s+\d+\s+([0-9.]+) ns/op`)

func main() {
	if err := run(os.Stdin, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "benchratio:", err)
		os.Exit(1)
	}
}

func run(r io.Reader, w io.Writer) error {
	samples := map[string][]float64{}
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		m := benchLine.FindStringSubmatch(sc.Text())
		if m == nil {
			continue
		}
		v, err := strconv.ParseFloat(m[2], 64)
		if err != nil {
			return fmt.Errorf("parse %q: %w", sc.Text(), err)
		}
		samples[m[1]] = append(samples[m[1]], v)
	}
	if err := sc.Err(); err != nil {
		return err
	}
	rows := ratios(samples)
	if len(rows) == 0 {
		fmt.Fprintln(w, "(no benchmark has a baseline sub-benchmark)")
		return nil
	}
	for _, row := range rows {
		fmt.Fprintln(w, row)
	}
	return nil
}

// ratios pairs each benchmark with the "baseline" sibling under the same parent.
func ratios(samples map[string][]float64) []string {
	var out []string
	for name, vals := range samples {
		parent, leaf := splitLast(name)
		if leaf == "baseline" || parent == "" {
			continue
		}
		base, ok := findBaseline(samples, parent)
		if !ok {
			continue
		}
		b, v := median(base), median(vals)
		out = append(out, fmt.Sprintf("%-60s %12.0f ns/op  baseline %12.0f ns/op  ratio %.2fx", name, v, b, b/v))
	}
	sort.Strings(out)
	return out
}

// findBaseline looks for parent/baseline, then walks up: a benchmark such as
// Enqueue/parallel16/sealed may share Enqueue/parallel16/baseline.
func findBaseline(samples map[string][]float64, parent string) ([]float64, bool) {
	for p := parent; p != ""; p, _ = splitLast(p) {
		if v, ok := samples[p+"/baseline"]; ok {
			return v, true
		}
	}
	return nil, false
}

func splitLast(name string) (string, string) {
	i := strings.LastIndex(name, "/")
	if i < 0 {
		return "", name
	}
	return name[:i], name[i+1:]
}

func median(v []float64) float64 {
	s := append([]float64(nil), v...)
	sort.Float64s(s)
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}
