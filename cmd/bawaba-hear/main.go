// Command bawaba-hear measures whether the kiosk's English prompts and spelled
// characters can be understood: it renders them through the kiosk's own
// speech pipeline (speech.Prompts and speech.Player, the kiosk's voice, rate
// and pauses), decodes them with pocketsphinx (kiosk/speech/hear) and prints
// the word error rate per prompt and overall, the character accuracy of
// spelled digits, references and visual codes, and the worst prompts.
//
//	go run ./cmd/bawaba-hear [-worst 15] [-keys regexp] [-every n] [-each] [-rate wpm] [-voice en-gb]
//
// make hear runs it. Arabic cannot be measured: Debian has no Arabic model.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"regexp"
	"strings"

	"github.com/bawaba/bawaba/kiosk/speech"
)

func main() {
	var o options
	flag.IntVar(&o.worst, "worst", 15, "how many of the worst prompts to print")
	keys := flag.String("keys", "", "measure only prompts whose key matches this regexp (default: all but the country names)")
	flag.IntVar(&o.every, "every", 1, "measure every n-th prompt only (all of them take minutes to decode)")
	flag.IntVar(&o.rate, "rate", 0, "espeak-ng words per minute (default: the kiosk's)")
	flag.StringVar(&o.voice, "voice", "", "espeak-ng English voice (default: the kiosk's)")
	flag.BoolVar(&o.each, "each", false, "print every prompt's word error rate, not only the worst")
	flag.BoolVar(&o.noPrompts, "spelled-only", false, "measure only the spelled characters")
	flag.Func("ps", "an extra pocketsphinx_batch argument pair, \"-name value\" (repeatable)", func(v string) error {
		o.psArgs = append(o.psArgs, strings.Fields(v)...)
		return nil
	})
	flag.Parse()
	if *keys != "" {
		re, err := regexp.Compile(*keys)
		if err != nil {
			fmt.Fprintln(os.Stderr, "bawaba-hear: -keys:", err)
			os.Exit(2)
		}
		o.keys = re
	}
	e := speech.Espeak{WordsPerMinute: o.rate}
	if !e.Available() {
		fmt.Fprintln(os.Stderr, "bawaba-hear: espeak-ng is not installed (scripts/setup.sh installs it)")
		os.Exit(1)
	}
	if err := run(context.Background(), o, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "bawaba-hear:", err)
		os.Exit(1)
	}
}
