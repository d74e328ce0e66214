package main

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestLineReader(t *testing.T) {
	long := strings.Repeat("x", maxLineBytes+1)
	in := "a\r\nb\n\nc\r\r\n" + long + "\nafter\nlast"
	lr := newLineReader("in.txt", strings.NewReader(in))
	want := []string{"a", "b", "", "c\r", "", "after", "last"}
	var got []string
	var errs []string
	for {
		line, err := lr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			require.ErrorIs(t, err, errLineTooLong)
			errs = append(errs, lr.Pos())
			got = append(got, "")
			continue
		}
		got = append(got, string(line))
	}
	assert.Equal(t, want, got)
	assert.Equal(t, []string{"in.txt:5"}, errs)
	assert.Equal(t, "in.txt:7", lr.Pos())

	// a line of exactly maxLineBytes is fine; empty input has no lines
	lr = newLineReader("x", strings.NewReader(strings.Repeat("y", maxLineBytes)))
	line, err := lr.Next()
	require.NoError(t, err)
	assert.Len(t, line, maxLineBytes)
	_, err = lr.Next()
	assert.Equal(t, io.EOF, err)
	_, err = newLineReader("x", strings.NewReader("")).Next()
	assert.Equal(t, io.EOF, err)
}

type failReader struct{}

func (failReader) Read([]byte) (int, error) { return 0, errors.New("disk on fire") }

func runCmd(t *testing.T, stdin string, args ...string) (string, string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(append([]string{"normalize"}, args...), strings.NewReader(stdin), &out, &errb)
	return out.String(), errb.String(), code
}

func TestNormalizeCommand(t *testing.T) {
	in := "تحـــریک  طالبان\r\nHELLO   Wörld\n\n\xffj1h4d\nlast"
	out, stderr, code := runCmd(t, in)
	assert.Equal(t, 0, code, stderr)
	assert.Equal(t, "تحريك طالبان\nhello world\n\nj1h4d\nlast\n", out)

	out, _, code = runCmd(t, in, "--level", "aggressive", "--lang", "ur")
	assert.Equal(t, 0, code)
	// Aggressive folds l into i (one skeleton letter for l, i, 1, |, !).
	assert.Equal(t, "ٮحرٮك طالٮاں\nheio worid\n\njihad\niast\n", out)

	out, _, code = runCmd(t, in, "-level=canonical")
	assert.Equal(t, 0, code)
	assert.Equal(t, "تحریک طالبان\nHELLO Wörld\n\nj1h4d\nlast\n", out)

	for _, args := range [][]string{{"--level", "medium"}, {"--lang", "de"}, {"extra"}, {"--nope"}} {
		_, stderr, code := runCmd(t, "x\n", args...)
		assert.Equal(t, 2, code, "args %q", args)
		assert.NotEmpty(t, stderr)
	}
	_, _, code = runCmd(t, "", "-h")
	assert.Equal(t, 0, code)
}

func TestNormalizeCommandLongLine(t *testing.T) {
	in := "one\n" + strings.Repeat("ب", maxLineBytes) + "\nthree\n"
	out, stderr, code := runCmd(t, in)
	assert.Equal(t, 1, code)
	assert.Equal(t, "one\n", out)
	assert.Contains(t, stderr, "stdin:2: line longer than")

	out, stderr, code = runCmd(t, in, "--skip-invalid")
	assert.Equal(t, 0, code, stderr)
	assert.Equal(t, "one\nthree\n", out)
	assert.Contains(t, stderr, "stdin:2: skipped")
	assert.Contains(t, stderr, "skipped 1 invalid line(s)")
}

func TestNormalizeCommandReadError(t *testing.T) {
	var out, errb bytes.Buffer
	code := run([]string{"normalize"}, failReader{}, &out, &errb)
	assert.Equal(t, 1, code)
	assert.Contains(t, errb.String(), "stdin:0: disk on fire")
}
