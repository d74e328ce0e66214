package corpus

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"unicode/utf8"
)

// Languages are the evaluated languages, in report order. "roman_ur" is Urdu
// written in Latin letters.
var Languages = []string{"ur", "ps", "ar", "fa", "en", "roman_ur"}

// Script reports the writing system of lang: "arabic" or "latin".
func Script(lang string) string {
	switch lang {
	case "en", "roman_ur":
		return "latin"
	}
	return "arabic"
}

// Post is a run of 2-4 consecutive sentences from one source file.
type Post struct {
	ID        string   // "<lang>/<first line number>", unique across a Set
	Lang      string   // one of Languages, or "ur~roman" for the parallel set
	Sentences []string // the sentences in source order
	Lines     []int    // 1-based source line numbers of Sentences
}

// Text returns the sentences joined by single spaces.
func (p Post) Text() string { return strings.Join(p.Sentences, " ") }

// Pair is one Roman Urdu / Urdu sentence pair of the parallel file.
type Pair struct{ Roman, Urdu string }

// Set is everything one evaluation run draws from one language.
type Set struct {
	Lang      string
	Items     []Post   // the banned set
	Negatives []Post   // posts from lines disjoint from Items
	Hosts     []string // sentences disjoint from Items, for quoting and word substitution
}

// Source says where the text was read from.
type Source struct {
	Dir      string // folder holding <lang>.txt
	Shared   bool   // true for ../shared/data/text, false for the bundled samples
	Parallel string // path of ur_roman_parallel.tsv ("" when absent)
}

// Locate finds the text folder: ../shared/data/text beside the module root
// that contains dir (searching upward), else bench/testdata/text. It returns
// an error naming both places when neither exists.
func Locate(dir string, forceSamples bool) (Source, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return Source{}, err
	}
	var samples string
	for d := abs; ; {
		if !forceSamples {
			cand := filepath.Join(d, "..", "shared", "data", "text")
			if fileExists(filepath.Join(cand, "ur.txt")) && fileExists(filepath.Join(d, "go.mod")) {
				s := Source{Dir: filepath.Clean(cand), Shared: true}
				if p := filepath.Join(cand, "ur_roman_parallel.tsv"); fileExists(p) {
					s.Parallel = p
				}
				return s, nil
			}
		}
		for _, c := range []string{filepath.Join(d, "testdata", "text"), filepath.Join(d, "bench", "testdata", "text")} {
			if samples == "" && fileExists(filepath.Join(c, "ur.txt")) {
				samples = c
			}
		}
		parent := filepath.Dir(d)
		if parent == d {
			break
		}
		d = parent
	}
	if samples == "" {
		return Source{}, errors.New("corpus: neither ../shared/data/text nor bench/testdata/text found above " + abs)
	}
	s := Source{Dir: samples}
	if p := filepath.Join(samples, "ur_roman_parallel.tsv"); fileExists(p) {
		s.Parallel = p
	}
	return s, nil
}

func fileExists(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && !fi.IsDir()
}

// maxLineBytes bounds one input line; longer lines are skipped.
const maxLineBytes = 64 << 10

// ReadLines reads the non-empty, valid UTF-8 lines of path, trimmed. Lines
// longer than 64 KiB or not valid UTF-8 are skipped. numbers holds each
// kept line's 1-based line number in the file.
func ReadLines(path string) (lines []string, numbers []int, err error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	r := bufio.NewReaderSize(f, maxLineBytes)
	n := 0
	for {
		b, err := r.ReadSlice('\n')
		tooLong := false
		for errors.Is(err, bufio.ErrBufferFull) { // skip the rest of an over-long line
			tooLong = true
			_, err = r.ReadSlice('\n')
		}
		if len(b) == 0 && err != nil {
			if errors.Is(err, io.EOF) {
				return lines, numbers, nil
			}
			return nil, nil, fmt.Errorf("corpus: %s line %d: %w", path, n+1, err)
		}
		n++
		if s := strings.TrimSpace(string(b)); !tooLong && s != "" && utf8.ValidString(s) {
			lines = append(lines, s)
			numbers = append(numbers, n)
		}
		if err != nil {
			if errors.Is(err, io.EOF) {
				return lines, numbers, nil
			}
			return nil, nil, fmt.Errorf("corpus: %s line %d: %w", path, n, err)
		}
	}
}

// Options sizes a Set.
type Options struct {
	Items        int // banned posts per language
	MaxNegatives int // negative posts per language (fewer when the file is short)
	MinWords     int // minimum words in a post (default 12)
	MaxWords     int // maximum words in a post (default 120)
	Seed         uint64
}

// Build selects Items posts of 2-4 consecutive lines spread over lines, then
// groups the remaining lines (never a line used by an item) into negatives,
// and keeps every remaining sentence as host text.
func Build(lang string, lines []string, numbers []int, o Options) (*Set, error) {
	if o.MinWords == 0 {
		o.MinWords = 12
	}
	if o.MaxWords == 0 {
		o.MaxWords = 120
	}
	if len(lines) < 8 {
		return nil, fmt.Errorf("corpus: %s: only %d lines", lang, len(lines))
	}
	r := rand.New(rand.NewPCG(o.Seed, hashString(lang)))
	used := make([]bool, len(lines))
	s := &Set{Lang: lang}
	// Items: try random starts until enough posts fit the word bounds.
	for tries := 0; len(s.Items) < o.Items && tries < 50*o.Items+100; tries++ {
		k := 2 + r.IntN(3)
		start := r.IntN(len(lines))
		if start+k > len(lines) {
			continue
		}
		ok := true
		words := 0
		for i := start; i < start+k; i++ {
			// Keep one free line on each side so negatives never continue an item.
			if used[i] || (i > 0 && used[i-1]) || (i+1 < len(used) && used[i+1]) {
				ok = false
				break
			}
			words += len(strings.Fields(lines[i]))
		}
		if !ok || words < o.MinWords || words > o.MaxWords {
			continue
		}
		p := Post{ID: fmt.Sprintf("%s/%d", lang, numbers[start]), Lang: lang}
		for i := start; i < start+k; i++ {
			used[i] = true
			p.Sentences = append(p.Sentences, lines[i])
			p.Lines = append(p.Lines, numbers[i])
		}
		s.Items = append(s.Items, p)
	}
	if len(s.Items) == 0 {
		return nil, fmt.Errorf("corpus: %s: no post of %d-%d words found", lang, o.MinWords, o.MaxWords)
	}
	// Negatives and hosts: the lines no item uses and that do not touch one.
	var free []int
	for i := range lines {
		if used[i] || (i > 0 && used[i-1]) || (i+1 < len(used) && used[i+1]) {
			continue
		}
		free = append(free, i)
		s.Hosts = append(s.Hosts, lines[i])
	}
	var negs []Post
	for j := 0; j < len(free); {
		k := 2 + r.IntN(3)
		if j+k > len(free) {
			break
		}
		if free[j+k-1]-free[j] != k-1 { // not consecutive in the file: an item sits in between
			j++
			continue
		}
		p := Post{ID: fmt.Sprintf("%s/neg/%d", lang, numbers[free[j]]), Lang: lang}
		words := 0
		for _, i := range free[j : j+k] {
			p.Sentences = append(p.Sentences, lines[i])
			p.Lines = append(p.Lines, numbers[i])
			words += len(strings.Fields(lines[i]))
		}
		j += k
		if words < o.MinWords || words > o.MaxWords {
			continue
		}
		negs = append(negs, p)
	}
	// Keep a random subset spread over the whole file, in file order.
	if len(negs) > o.MaxNegatives {
		idx := r.Perm(len(negs))[:o.MaxNegatives]
		slices.Sort(idx)
		for _, i := range idx {
			s.Negatives = append(s.Negatives, negs[i])
		}
	} else {
		s.Negatives = negs
	}
	return s, nil
}

// ReadParallel reads a two-column TSV (header "roman_urdu\turdu") of
// Roman Urdu / Urdu sentence pairs. Lines without exactly one tab are skipped.
func ReadParallel(path string) ([]Pair, error) {
	lines, _, err := ReadLines(path)
	if err != nil {
		return nil, err
	}
	var out []Pair
	for i, l := range lines {
		a, b, ok := strings.Cut(l, "\t")
		if !ok || strings.Contains(b, "\t") || (i == 0 && a == "roman_urdu") {
			continue
		}
		a, b = strings.TrimSpace(a), strings.TrimSpace(b)
		if a == "" || b == "" {
			continue
		}
		out = append(out, Pair{Roman: a, Urdu: b})
	}
	return out, nil
}

// ParallelPost is a banned post in one script with its transliteration in
// the other.
type ParallelPost struct {
	Item  Post   // the banned post (Lang "ur~roman")
	Query string // the same sentences in the other script
	Dir   string // "roman->ur" (query Roman, item Urdu) or "ur->roman"
}

// BuildParallel groups 2-4 consecutive pairs into posts, alternating the
// direction, and returns at most n of them.
func BuildParallel(pairs []Pair, n int, seed uint64) []ParallelPost {
	r := rand.New(rand.NewPCG(seed, hashString("parallel")))
	var out []ParallelPost
	for i := 0; i+2 <= len(pairs) && len(out) < n; {
		k := 2 + r.IntN(3)
		if i+k > len(pairs) {
			k = len(pairs) - i
		}
		var rom, urd []string
		for _, p := range pairs[i : i+k] {
			rom = append(rom, p.Roman)
			urd = append(urd, p.Urdu)
		}
		pp := ParallelPost{}
		if len(out)%2 == 0 {
			pp.Item = Post{ID: fmt.Sprintf("ur~roman/%d", i+2), Lang: "ur~roman", Sentences: urd}
			pp.Query = strings.Join(rom, " ")
			pp.Dir = "roman->ur"
		} else {
			pp.Item = Post{ID: fmt.Sprintf("ur~roman/%d", i+2), Lang: "ur~roman", Sentences: rom}
			pp.Query = strings.Join(urd, " ")
			pp.Dir = "ur->roman"
		}
		out = append(out, pp)
		i += k
	}
	return out
}

// hashString is FNV-1a, used to give each language its own random stream.
func hashString(s string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return h
}
