package match

import (
	"bufio"
	"encoding/csv"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/gharbal/gharbal/fingerprint/pdq"
)

// ListFormat is a hash-list CSV form (docs/FORMAT.md, "Hash lists").
type ListFormat uint8

const (
	// ListHMA is one signal per row, "signal_type,signal[,id[,label]]",
	// with HMA / python-threatexchange signal-type names ("pdq",
	// "video_md5" or "md5", "video_sha256" or "sha256"). A first row
	// starting with "signal_type" is a header. Rows without an id get
	// "<signal_type>:<signal>"; rows with the same id form one item. A row
	// of two space-separated fields ("pdq <hex>", the local_file exchange
	// form) is accepted too.
	ListHMA ListFormat = iota + 1
	// ListThreatExchange is python-threatexchange's per-signal-type state
	// file: "indicator,descriptor_id,added_on,tags" (tags separated by
	// spaces), no header, one signal type per file (ListOptions.Signal,
	// else inferred from the hash length). Items get ID "te:<descriptor_id>"
	// and Meta "added_on" and "tags".
	ListThreatExchange
)

// String returns "hma" or "threatexchange".
func (f ListFormat) String() string {
	switch f {
	case ListHMA:
		return "hma"
	case ListThreatExchange:
		return "threatexchange"
	}
	return fmt.Sprintf("listformat(%d)", uint8(f))
}

// ParseListFormat parses a String result.
func ParseListFormat(s string) (ListFormat, error) {
	switch strings.ToLower(s) {
	case "hma":
		return ListHMA, nil
	case "threatexchange", "te":
		return ListThreatExchange, nil
	}
	return 0, fmt.Errorf("match: unknown hash-list format %q (want hma or threatexchange)", s)
}

// ErrHashList is wrapped by every error about a hash list's content.
var ErrHashList = errors.New("match: malformed hash list")

// ListOptions configures ReadHashList (a value, only read). The zero value
// reads an HMA list.
type ListOptions struct {
	Format      ListFormat // ListHMA if 0
	Signal      Signal     // ListThreatExchange: SignalPDQ or SignalMD5; 0 infers from length
	Label       string     // label given to every imported item
	SkipInvalid bool       // skip malformed rows, reporting them, instead of failing
	MaxRows     int        // refuse lists with more rows (0: 10,000,000)
}

// RowError is a malformed row: its 1-based line number and the reason (a
// value).
type RowError struct {
	Line int
	Err  error
}

func (e RowError) Error() string { return "line " + strconv.Itoa(e.Line) + ": " + e.Err.Error() }
func (e RowError) Unwrap() error { return e.Err }

const maxListLine = 64 << 10

func itoa(n int) string { return strconv.Itoa(n) }

// ReadHashList parses a PDQ / MD5 / SHA-256 hash list into items, in order
// of first appearance. A malformed row is an error naming its line (a
// RowError wrapping ErrHashList), unless opt.SkipInvalid, in which case it
// is skipped and reported in the returned slice. Lines are limited to 64 KiB
// and the list to opt.MaxRows rows, so memory stays bounded.
func ReadHashList(r io.Reader, opt ListOptions) ([]Item, []RowError, error) {
	if opt.Format == 0 {
		opt.Format = ListHMA
	}
	if opt.Format != ListHMA && opt.Format != ListThreatExchange {
		return nil, nil, fmt.Errorf("%w: format %d", ErrInvalidOption, opt.Format)
	}
	if opt.MaxRows <= 0 {
		opt.MaxRows = 10_000_000
	}
	br := bufio.NewReaderSize(r, maxListLine)
	var items []Item
	byID := map[string]int{}
	var bad []RowError
	line := 0
	for {
		raw, err := br.ReadSlice('\n')
		if len(raw) == 0 && err == io.EOF {
			break
		}
		line++
		if errors.Is(err, bufio.ErrBufferFull) {
			for errors.Is(err, bufio.ErrBufferFull) {
				_, err = br.ReadSlice('\n')
			}
			re := RowError{line, fmt.Errorf("%w: line longer than %d bytes", ErrHashList, maxListLine)}
			if !opt.SkipInvalid {
				return nil, bad, re
			}
			bad = append(bad, re)
			continue
		}
		if err != nil && err != io.EOF {
			return nil, bad, err
		}
		if line > opt.MaxRows {
			return nil, bad, fmt.Errorf("%w: more than %d rows", ErrTooLarge, opt.MaxRows)
		}
		text := strings.TrimRight(string(raw), "\r\n")
		if strings.TrimSpace(text) == "" || strings.HasPrefix(text, "#") {
			continue
		}
		it, rerr := parseRow(text, len(items) == 0 && len(bad) == 0, &opt)
		if rerr == nil && it.ID == "" {
			continue // header
		}
		if rerr != nil {
			re := RowError{line, fmt.Errorf("%w: %v", ErrHashList, rerr)}
			if !opt.SkipInvalid {
				return nil, bad, re
			}
			bad = append(bad, re)
			continue
		}
		if k, ok := byID[it.ID]; ok {
			dst := &items[k]
			dst.PDQ = append(dst.PDQ, it.PDQ...)
			if it.MD5 != nil {
				dst.MD5 = it.MD5
			}
			if it.SHA256 != nil {
				dst.SHA256 = it.SHA256
			}
			continue
		}
		byID[it.ID] = len(items)
		items = append(items, it)
	}
	return items, bad, nil
}

// parseRow parses one row; first is true for the first data row, which may
// be a header (then the returned Item has no ID).
func parseRow(text string, first bool, opt *ListOptions) (Item, error) {
	var f []string
	if opt.Format == ListHMA && !strings.Contains(text, ",") {
		f = strings.Fields(text)
	} else {
		cr := csv.NewReader(strings.NewReader(text))
		cr.FieldsPerRecord = -1
		rec, err := cr.Read()
		if err != nil {
			return Item{}, err
		}
		f = rec
	}
	for i := range f {
		f[i] = strings.TrimSpace(f[i])
	}
	it := Item{Label: opt.Label}
	switch opt.Format {
	case ListHMA:
		if len(f) < 2 || len(f) > 4 {
			return Item{}, fmt.Errorf("%d fields, want signal_type,signal[,id[,label]]", len(f))
		}
		if first && strings.EqualFold(f[0], "signal_type") {
			return Item{}, nil
		}
		st := strings.ToLower(f[0])
		if err := setSignal(&it, st, f[1]); err != nil {
			return Item{}, err
		}
		it.ID = st + ":" + strings.ToLower(f[1])
		if len(f) >= 3 && f[2] != "" {
			it.ID = f[2]
		}
		if len(f) == 4 && f[3] != "" {
			it.Label = f[3]
		}
	case ListThreatExchange:
		if len(f) != 4 {
			return Item{}, fmt.Errorf("%d fields, want indicator,descriptor_id,added_on,tags", len(f))
		}
		st := ""
		switch opt.Signal {
		case SignalPDQ:
			st = "pdq"
		case SignalMD5:
			st = "md5"
		case SignalSHA256:
			st = "sha256"
		case 0:
			switch len(f[0]) {
			case 64:
				st = "pdq"
			case 32:
				st = "md5"
			default:
				return Item{}, fmt.Errorf("indicator of %d characters is neither a PDQ hash (64) nor an MD5 (32)", len(f[0]))
			}
		default:
			return Item{}, fmt.Errorf("signal %s cannot come from a hash list", opt.Signal)
		}
		if err := setSignal(&it, st, f[0]); err != nil {
			return Item{}, err
		}
		if _, err := strconv.ParseUint(f[1], 10, 64); err != nil {
			return Item{}, fmt.Errorf("descriptor id %q is not a number", f[1])
		}
		it.ID = "te:" + f[1]
		it.Meta = map[string]string{"added_on": f[2], "tags": f[3]}
	}
	if len(it.ID) > MaxIDBytes || len(it.Label) > MaxLabelBytes {
		return Item{}, fmt.Errorf("id or label too long")
	}
	if !utf8.ValidString(it.ID) || !utf8.ValidString(it.Label) {
		return Item{}, fmt.Errorf("id or label is not valid UTF-8")
	}
	return it, nil
}

func setSignal(it *Item, st, v string) error {
	switch st {
	case "pdq":
		h, err := pdq.ParseHex(v)
		if err != nil {
			return err
		}
		if h.IsZero() {
			return fmt.Errorf("zero PDQ hash")
		}
		it.PDQ = []pdq.Hash{h}
	case "md5", "video_md5":
		b, err := hex.DecodeString(v)
		if err != nil || len(b) != 16 {
			return fmt.Errorf("md5 %q is not 32 hexadecimal digits", v)
		}
		it.MD5 = b
	case "sha256", "video_sha256":
		b, err := hex.DecodeString(v)
		if err != nil || len(b) != 32 {
			return fmt.Errorf("sha256 %q is not 64 hexadecimal digits", v)
		}
		it.SHA256 = b
	default:
		return fmt.Errorf("unknown signal type %q (want pdq, md5, video_md5, sha256, video_sha256)", st)
	}
	return nil
}

// WriteHashList writes the PDQ hashes, MD5 and SHA-256 digests of items in
// the given form, one row per hash (items without any are skipped; texts
// cannot be exported). ListHMA writes a header and "signal_type,signal,id,label"
// rows. ListThreatExchange writes the PDQ hashes, or with only MD5s the MD5s
// (one signal type per file), taking descriptor_id from IDs of the form
// "te:<number>" (else the row number), added_on and tags from Meta.
func WriteHashList(w io.Writer, f ListFormat, items []Item) error {
	bw := bufio.NewWriter(w)
	cw := csv.NewWriter(bw)
	switch f {
	case ListHMA:
		cw.Write([]string{"signal_type", "signal", "id", "label"})
		for _, it := range items {
			for _, h := range it.PDQ {
				cw.Write([]string{"pdq", h.String(), it.ID, it.Label})
			}
			if it.MD5 != nil {
				cw.Write([]string{"md5", hex.EncodeToString(it.MD5), it.ID, it.Label})
			}
			if it.SHA256 != nil {
				cw.Write([]string{"sha256", hex.EncodeToString(it.SHA256), it.ID, it.Label})
			}
		}
	case ListThreatExchange:
		havePDQ := false
		for _, it := range items {
			havePDQ = havePDQ || len(it.PDQ) > 0
		}
		for i, it := range items {
			id := strings.TrimPrefix(it.ID, "te:")
			if _, err := strconv.ParseUint(id, 10, 64); err != nil || id == it.ID {
				id = strconv.Itoa(i + 1)
			}
			tags := it.Meta["tags"]
			if tags == "" && it.Label != "" {
				tags = strings.ReplaceAll(it.Label, " ", "_")
			}
			if havePDQ {
				for _, h := range it.PDQ {
					cw.Write([]string{h.String(), id, it.Meta["added_on"], tags})
				}
			} else if it.MD5 != nil {
				cw.Write([]string{hex.EncodeToString(it.MD5), id, it.Meta["added_on"], tags})
			}
		}
	default:
		return fmt.Errorf("%w: format %d", ErrInvalidOption, f)
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	return bw.Flush()
}
