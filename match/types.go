package match

import (
	"fmt"

	"github.com/gharbal/gharbal/fingerprint/pdq"
)

// Signal names the kind of evidence a Match rests on. It is a value,
// safe for concurrent use.
type Signal uint8

// The signals an item can carry and a query can hit.
const (
	// SignalText: the query is an edited copy of the item's text. Score is
	// the exact Jaccard similarity of their word-shingle sets.
	SignalText Signal = iota + 1
	// SignalContainment: the query quotes the item's text, or a substantial
	// passage of it, inside a longer text. Score is the containment of the
	// item's shingle set in the query's, |I ∩ Q| / |I|.
	SignalContainment
	// SignalTextExact: a short text (fewer than MinTextTokens tokens) equal to
	// the item's after normalization. Score is 1.
	SignalTextExact
	// SignalPDQ: an image hash within the PDQ Hamming threshold. Distance is
	// the Hamming distance (0..256), Score is 1 - Distance/256.
	SignalPDQ
	// SignalMD5: equal MD5 digests of the raw bytes. Score is 1.
	SignalMD5
	// SignalSHA256: equal SHA-256 digests of the raw bytes. Score is 1.
	SignalSHA256
	// SignalSimHash: 64-bit SimHash of the text within the SimHash Hamming
	// threshold (only when enabled with WithSimHash). Distance is the Hamming
	// distance, Score is 1 - Distance/64.
	SignalSimHash
	// SignalTransliteration: the query is the item's text written in another
	// script (Roman Urdu or Arabizi for an Urdu or Arabic item, or the other
	// way round). Reported by package match/translit, never by Index. Score
	// is the Jaccard similarity of their phonetic-key shingle sets.
	SignalTransliteration
)

var signalNames = [...]string{
	SignalText:        "text",
	SignalContainment: "containment",
	SignalTextExact:   "text-exact",
	SignalPDQ:         "pdq",
	SignalMD5:         "md5",
	SignalSHA256:      "sha256",
	SignalSimHash:     "simhash",

	SignalTransliteration: "transliteration",
}

// String returns the signal's name as used in JSON output: "text",
// "containment", "text-exact", "pdq", "md5", "sha256", "simhash" or
// "transliteration".
func (s Signal) String() string {
	if int(s) < len(signalNames) && signalNames[s] != "" {
		return signalNames[s]
	}
	return fmt.Sprintf("signal(%d)", uint8(s))
}

// MarshalText returns String (encoding.TextMarshaler).
func (s Signal) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalText parses a name returned by String.
func (s *Signal) UnmarshalText(b []byte) error {
	for i, n := range signalNames {
		if n != "" && n == string(b) {
			*s = Signal(i)
			return nil
		}
	}
	return fmt.Errorf("match: unknown signal %q", b)
}

// Item is one banned piece of content. ID is required and unique within an
// Index; at least one signal (Text, PDQ, MD5 or SHA256) is required.
//
// An Item is a plain value with no methods of its own; an Index copies
// what it needs from it, so the caller may reuse or modify the Item and its
// slices and map after Add returns, and share it between goroutines that
// only read it.
type Item struct {
	// ID identifies the item (required, 1..MaxIDBytes bytes).
	ID string
	// Label is free text such as the group or list name (optional, at most
	// MaxLabelBytes bytes). Matches repeat it.
	Label string
	// Meta is free metadata (optional). Matches return it; it is stored in
	// snapshots and log entries.
	Meta map[string]string
	// Text is the banned text, as published (not normalized).
	Text string
	// PDQ holds image hashes of the item (any number, for example one per
	// frame or per variant). The caller is responsible for not indexing
	// hashes of quality below pdq.MinQuality; PDQQuery refuses them on the
	// query side. Zero hashes are refused with ErrInvalidItem.
	PDQ []pdq.Hash
	// MD5 is the MD5 digest of the item's raw bytes (16 bytes), or nil.
	MD5 []byte
	// SHA256 is the SHA-256 digest of the item's raw bytes (32 bytes), or nil.
	SHA256 []byte
}

// Query is one post or image to check. The zero Query matches nothing. It
// is a plain value: Match only reads it, so one Query may be used by many
// goroutines at once.
type Query struct {
	// Text is the post as the user sent it. Spans in matches are byte
	// offsets into this string.
	Text string
	// PDQ holds the image hashes to probe, typically the eight dihedral
	// variants returned by PDQQuery; the closest one per item is reported.
	PDQ []pdq.Hash
	// MD5 and SHA256 are digests of the raw bytes, or nil.
	MD5, SHA256 []byte
}

// Match is one item a query hit, with the signal, score and evidence. Each
// Match is owned by the caller (Spans is freshly allocated), except Meta,
// which is shared with the Index and must not be modified.
type Match struct {
	// ItemID and Label identify the item.
	ItemID, Label string
	// Meta is the item's metadata, shared with the Index: do not modify it.
	Meta map[string]string
	// Signal is the kind of evidence.
	Signal Signal
	// Score is in [0, 1], higher is more similar; see each Signal.
	Score float64
	// Distance is the Hamming distance for SignalPDQ and SignalSimHash, 0
	// otherwise.
	Distance int
	// Spans are the matched passages of Query.Text as half-open byte ranges
	// [start, end) into the text as sent (not the normalized text), in
	// increasing order and disjoint; nil for non-text signals.
	Spans [][2]int
}

// String returns a one-line description such as
// "item-7 (ttp) text score=0.93 spans=[[0 120]]".
func (m Match) String() string {
	s := m.ItemID
	if m.Label != "" {
		s += " (" + m.Label + ")"
	}
	s += fmt.Sprintf(" %s score=%.3f", m.Signal, m.Score)
	if m.Signal == SignalPDQ || m.Signal == SignalSimHash {
		s += fmt.Sprintf(" distance=%d", m.Distance)
	}
	if len(m.Spans) > 0 {
		s += fmt.Sprintf(" spans=%v", m.Spans)
	}
	return s
}
