package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/gharbal/gharbal/normalize/handle"
	"github.com/gharbal/gharbal/normalize/namekey"
)

var namekeyCommand = command{
	summary: "print the cross-script name key of each input line",
	run:     runNamekey,
}

const namekeyUsage = `usage: gharbal namekey [flags] < names.txt

Reads names, one a line, on standard input and writes one line per input line:
the name's cross-script key (normalize/namekey), the primary key followed by
the alternatives in braces, e.g.

  mujahideen          -> MJDN {MJD}
  مجاہدین             -> MJDN
  Daech               -> DC {DS}

Two names match when they share a key. An empty or unkeyable line gives an
empty line, so output lines stay aligned with input lines. With -handle each
line is an account handle: it is first normalized (separators, trailing
digits, official/real/backup affixes, look-alikes, leet) and the output is
"skeleton<TAB>key". With -json each output line is a JSON object.

A line longer than 16 MiB is reported on standard error (file:line), gives an
empty output line, and makes the exit status 1.
`

// namekeyRecord is one output line of "gharbal namekey -json".
type namekeyRecord struct {
	Input        string   `json:"input"`
	Key          string   `json:"key"`
	Alternatives []string `json:"alternatives,omitempty"`
	Skeleton     string   `json:"skeleton,omitempty"`
	Explain      string   `json:"explain,omitempty"`
	Version      int      `json:"version"`
}

func runNamekey(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := newFlagSet("namekey", namekeyUsage, stderr)
	asJSON := fs.Bool("json", false, "write JSON Lines {input, key, alternatives, version[, skeleton, explain]}")
	asHandle := fs.Bool("handle", false, "treat each line as an account handle")
	maxAlt := fs.Int("max-alternatives", namekey.DefaultMaxAlternatives, "bound on keys (primary included) per name, 1-64")
	if ok, code := parseFlags(fs, args); !ok {
		return code
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "gharbal namekey: unexpected arguments %q (names are read from standard input)\n", fs.Args())
		return 2
	}
	k, err := namekey.New(namekey.WithMaxAlternatives(*maxAlt))
	if err != nil {
		fmt.Fprintf(stderr, "gharbal namekey: %v\n", err)
		return 2
	}
	var hn *handle.Normalizer
	if *asHandle {
		if hn, err = handle.New(); err != nil {
			fmt.Fprintf(stderr, "gharbal namekey: %v\n", err)
			return 2
		}
	}
	out := bufio.NewWriter(stdout)
	enc := json.NewEncoder(out)
	enc.SetEscapeHTML(false)
	lr := newLineReader("stdin", stdin)
	status := 0
	for {
		line, err := lr.Next()
		if err == io.EOF {
			break
		}
		if errors.Is(err, errLineTooLong) {
			fmt.Fprintf(stderr, "gharbal namekey: %s: %v\n", lr.Pos(), err)
			status = 1
			line = nil
		} else if err != nil {
			out.Flush()
			fmt.Fprintf(stderr, "gharbal namekey: %s: %v\n", lr.Pos(), err)
			return 1
		}
		rec := namekeyRecord{Input: string(line), Version: namekey.Version}
		var key namekey.Key
		if hn != nil {
			h := hn.Normalize(rec.Input)
			key = k.Key(h.NameText)
			rec.Skeleton, rec.Explain = h.Skeleton, h.Explain()
		} else {
			key = k.Key(rec.Input)
		}
		rec.Key, rec.Alternatives = key.Primary, key.Alternatives
		switch {
		case *asJSON:
			err = enc.Encode(rec)
		case hn != nil:
			_, err = fmt.Fprintf(out, "%s\t%s\n", rec.Skeleton, key)
		default:
			_, err = fmt.Fprintln(out, key)
		}
		if err != nil {
			fmt.Fprintf(stderr, "gharbal namekey: %v\n", err)
			return 1
		}
	}
	if err := out.Flush(); err != nil {
		fmt.Fprintf(stderr, "gharbal namekey: %v\n", err)
		return 1
	}
	return status
}
