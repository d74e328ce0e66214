package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"

	"golang.org/x/text/language"

	"github.com/gharbal/gharbal/normalize"
)

const normalizeUsage = `usage: gharbal normalize [--level canonical|conservative|aggressive] [--lang auto|ar|ur|ps|fa|en] [--skip-invalid]

Normalize reads UTF-8 lines on standard input and writes one normalized line
per input line, in order. Invalid UTF-8 is dropped. A line longer than 16 MiB
is an error naming stdin:line; with --skip-invalid it is skipped (no output
line) and the number of skipped lines is reported on standard error.
`

// runNormalize is the "normalize" subcommand.
func runNormalize(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := newFlagSet("normalize", normalizeUsage, stderr)
	level := fs.String("level", "conservative", "normalization `level`: canonical, conservative or aggressive")
	lang := fs.String("lang", "auto", "`language`: auto, ar, ur, ps, fa or en")
	skip := fs.Bool("skip-invalid", false, "skip over-long lines instead of stopping, and report how many")
	if ok, code := parseFlags(fs, args); !ok {
		return code
	}
	if fs.NArg() != 0 {
		fmt.Fprintf(stderr, "gharbal normalize: unexpected argument %q\n", fs.Arg(0))
		fs.Usage()
		return 2
	}
	lv, err := normalize.ParseLevel(*level)
	if err != nil {
		fmt.Fprintf(stderr, "gharbal normalize: --level: %v\n", err)
		return 2
	}
	tag := language.Und
	switch *lang {
	case "auto":
	case "ar", "ur", "ps", "fa", "en":
		tag = language.Make(*lang)
	default:
		fmt.Fprintf(stderr, "gharbal normalize: --lang: unsupported language %q (want auto, ar, ur, ps, fa or en)\n", *lang)
		return 2
	}
	p, err := normalize.New(lv, tag)
	if err != nil {
		fmt.Fprintf(stderr, "gharbal normalize: %v\n", err)
		return 2
	}
	return normalizeLines(p, newLineReader("stdin", stdin), stdout, stderr, *skip)
}

func normalizeLines(p *normalize.Profile, lr *lineReader, stdout, stderr io.Writer, skip bool) int {
	w := bufio.NewWriterSize(stdout, 64<<10)
	var out []byte
	skipped := 0
	code := 0
	for {
		line, err := lr.Next()
		if err == io.EOF {
			break
		}
		if errors.Is(err, errLineTooLong) {
			if skip {
				skipped++
				fmt.Fprintf(stderr, "gharbal normalize: %s: skipped: %v\n", lr.Pos(), err)
				continue
			}
			fmt.Fprintf(stderr, "gharbal normalize: %s: %v (use --skip-invalid to go on)\n", lr.Pos(), err)
			code = 1
			break
		}
		if err != nil {
			fmt.Fprintf(stderr, "gharbal normalize: %s: %v\n", lr.Pos(), err)
			code = 1
			break
		}
		out = append(p.Append(out[:0], line), '\n')
		if _, err := w.Write(out); err != nil {
			fmt.Fprintf(stderr, "gharbal normalize: write: %v\n", err)
			return 1
		}
	}
	if err := w.Flush(); err != nil {
		fmt.Fprintf(stderr, "gharbal normalize: write: %v\n", err)
		return 1
	}
	if skipped > 0 {
		fmt.Fprintf(stderr, "gharbal normalize: skipped %d invalid line(s)\n", skipped)
	}
	return code
}

var normalizeCommand = command{
	summary: "normalize UTF-8 lines (stdin -> stdout) for matching",
	run:     runNormalize,
}
