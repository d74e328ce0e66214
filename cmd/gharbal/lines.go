package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
)

// maxLineBytes bounds one input line (a post, an item or a query). A longer
// line is an error for that record; the reader skips to the next newline
// without buffering the rest, so memory stays bounded on any input.
const maxLineBytes = 16 << 20

// errLineTooLong reports a line over maxLineBytes.
var errLineTooLong = fmt.Errorf("line longer than %d bytes", maxLineBytes)

// lineReader yields the lines of one named input with their numbers.
// Not safe for concurrent use.
type lineReader struct {
	name string
	r    *bufio.Reader
	n    int // number of the line last returned, from 1
	buf  []byte
}

func newLineReader(name string, r io.Reader) *lineReader {
	return &lineReader{name: name, r: bufio.NewReaderSize(r, 64<<10)}
}

// Next returns the next line without its trailing "\n" (or "\r\n"). The slice
// is valid until the next call. At the end of input it returns io.EOF. A line
// over maxLineBytes returns errLineTooLong after the whole line was consumed,
// so the caller may go on with the next one.
func (lr *lineReader) Next() ([]byte, error) {
	lr.buf = lr.buf[:0]
	tooLong := false
	for {
		chunk, err := lr.r.ReadSlice('\n')
		if !tooLong {
			if len(lr.buf)+len(chunk) > maxLineBytes+2 {
				tooLong = true
				lr.buf = lr.buf[:0]
			} else {
				lr.buf = append(lr.buf, chunk...)
			}
		}
		if errors.Is(err, bufio.ErrBufferFull) {
			continue
		}
		if err != nil && (err != io.EOF || (len(lr.buf) == 0 && !tooLong && len(chunk) == 0)) {
			return nil, err
		}
		lr.n++
		if tooLong {
			return nil, errLineTooLong
		}
		line := lr.buf
		if n := len(line); n > 0 && line[n-1] == '\n' {
			line = line[:n-1]
			if n := len(line); n > 0 && line[n-1] == '\r' {
				line = line[:n-1]
			}
		}
		if len(line) > maxLineBytes { // the bound above allows for the line end
			return nil, errLineTooLong
		}
		return line, nil
	}
}

// Pos names the line last returned as "file:line", for error messages.
func (lr *lineReader) Pos() string { return fmt.Sprintf("%s:%d", lr.name, lr.n) }
