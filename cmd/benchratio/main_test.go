package main

import (
	"strings"
	"testing"
)

func TestRun(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string // substrings expected in the output
	}{
		{
			name: "when a sibling is half as fast as its baseline, prints 0.50x",
			in: "BenchmarkEnqueue/baseline-2 100 1000 ns/op\n" +
				"BenchmarkEnqueue/sealed-2 100 2000 ns/op\n",
			want: []string{"BenchmarkEnqueue/sealed", "ratio 0.50x"},
		},
		{
			name: "when run three times, uses the median",
			in: "BenchmarkX/baseline-2 1 100 ns/op\nBenchmarkX/baseline-2 1 100 ns/op\nBenchmarkX/baseline-2 1 900 ns/op\n" +
				"BenchmarkX/y-2 1 100 ns/op\nBenchmarkX/y-2 1 100 ns/op\nBenchmarkX/y-2 1 5 ns/op\n",
			want: []string{"ratio 1.00x"},
		},
		{
			name: "when nested, finds the baseline one level up",
			in:   "BenchmarkE/p16/baseline-2 1 100 ns/op\nBenchmarkE/p16/x/y-2 1 400 ns/op\n",
			want: []string{"BenchmarkE/p16/x/y", "ratio 0.25x"},
		},
		{
			name: "when no baseline exists, says so",
			in:   "BenchmarkZ-2 1 100 ns/op\n",
			want: []string{"no benchmark has a baseline"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out strings.Builder
			if err := run(strings.NewReader(tt.in), &out); err != nil {
				t.Fatal(err)
			}
			for _, w := range tt.want {
				if !strings.Contains(out.String(), w) {
					t.Errorf("output %q lacks %q", out.String(), w)
				}
			}
		})
	}
}
