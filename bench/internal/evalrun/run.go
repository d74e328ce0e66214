package evalrun

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/gharbal/gharbal/bench/internal/corpus"
	"github.com/gharbal/gharbal/bench/internal/evasion"
	"github.com/gharbal/gharbal/bench/internal/textmatch"
	"github.com/gharbal/gharbal/bench/internal/wordset"
)

// Config sizes one run. The zero value is not useful: start from Default
// or Quick.
type Config struct {
	Dir        string   // any folder inside the repository (data is found from it)
	Samples    bool     // use bench/testdata/text even when ../shared/data/text exists
	Langs      []string // languages to evaluate (default corpus.Languages)
	Items      int      // banned posts per language
	Negatives  int      // hard-negative posts per language (at most)
	Parallel   int      // Roman Urdu <-> Urdu transliterated posts
	Seed       uint64
	Images     int // banned generated images
	ImageNegs  int // unrelated generated images
	ImageSize  int // side of generated images in pixels
	Methods    func() []textmatch.Method
	PDQIndex   func() PDQLookup          // optional: image queries also go through this index
	Ablations  func() []textmatch.Method // optional: variants of gharbal reported in their own table
	Log        io.Writer
	SkipImages bool
}

// Default is the configuration of the published docs/EVAL.md.
func Default() Config {
	return Config{Dir: ".", Items: 200, Negatives: 2000, Parallel: 150, Seed: 20261128,
		Images: 120, ImageNegs: 500, ImageSize: 400}
}

// Quick is a smaller run for development (-quick).
func Quick() Config {
	c := Default()
	c.Items, c.Negatives, c.Parallel, c.Images, c.ImageNegs = 40, 300, 40, 30, 100
	return c
}

// Query is one post sent to every matcher.
type Query struct {
	Lang      string
	Tech      string
	Level     evasion.Level
	Item      int // index into TextResult.Items; -1 for a negative
	Text      string
	Jaccard   float64 // naive word 3-shingle Jaccard with the item
	QuoteFrac float64
}

// Outcome is what one method answered for one query.
type Outcome struct {
	Found     bool    // the query's item is among the matches
	Score     float64 // the method's score for the query's item (0 when not seen)
	Wrong     int     // matched items other than the query's item
	BestWrong float64 // best score among other items (0 when none seen)
	WrongItem int     // the item of BestWrong (-1 when none seen)
}

// MethodResult is one method's answers and costs.
type MethodResult struct {
	Name, Describe string
	Build          time.Duration
	QueryTime      time.Duration // all positives and negatives, one goroutine, wall
	QueryCPU       time.Duration // the same, process CPU time (includes the GC)
	Pos            []Outcome     // parallel to TextResult.Queries
	Neg            []Outcome     // parallel to TextResult.Negatives (Score unused)
	Err            error
	Panics         int    // queries whose Query panicked (counted as not found, no match)
	FirstPanic     string // the first panic and the query that caused it
}

// TextResult is the text half of a run.
type TextResult struct {
	Source        corpus.Source
	Items         []corpus.Post
	Queries       []Query
	Negatives     []corpus.Post
	Dropped       int            // negatives removed as true near-duplicates of an item
	DroppedItems  int            // items removed as near-duplicates of an earlier item
	NotApplied    map[string]int // "lang/technique" -> items the technique could not change
	Methods       []MethodResult
	Ablations     []MethodResult
	Generate      time.Duration
	LinesPerLang  map[string]int
	ItemsPerLang  map[string]int
	NegsPerLang   map[string]int
	ParallelPairs int
}

func (c Config) logf(format string, args ...any) {
	if c.Log != nil {
		fmt.Fprintf(c.Log, format+"\n", args...)
	}
}

// RunText builds the text data set and runs every method on it.
func RunText(c Config) (*TextResult, error) {
	if c.Methods == nil {
		return nil, errors.New("evalrun: Config.Methods is nil")
	}
	langs := c.Langs
	if len(langs) == 0 {
		langs = corpus.Languages
	}
	src, err := corpus.Locate(c.Dir, c.Samples)
	if err != nil {
		return nil, err
	}
	res := &TextResult{Source: src, NotApplied: map[string]int{}, LinesPerLang: map[string]int{},
		ItemsPerLang: map[string]int{}, NegsPerLang: map[string]int{}}
	start := time.Now()
	type langSet struct {
		set   *corpus.Set
		first int
	}
	var sets []langSet
	itemDedup := newDupIndex()
	for _, lang := range langs {
		lines, nums, err := corpus.ReadLines(filepath.Join(src.Dir, lang+".txt"))
		if err != nil {
			return nil, err
		}
		set, err := corpus.Build(lang, lines, nums, corpus.Options{Items: c.Items, MaxNegatives: c.Negatives, Seed: c.Seed})
		if err != nil {
			return nil, err
		}
		res.LinesPerLang[lang] = len(lines)
		// Keep only items that are not near-copies of an earlier item (the
		// same text can occur twice in a file, in other orthographies).
		kept := set.Items[:0]
		for _, it := range set.Items {
			if itemDedup.dupOf(it.Text()) >= 0 {
				res.DroppedItems++
				continue
			}
			itemDedup.add(int32(len(kept)), it.Text())
			kept = append(kept, it)
		}
		set.Items = kept
		sets = append(sets, langSet{set, len(res.Items)})
		res.Items = append(res.Items, set.Items...)
		res.ItemsPerLang[lang] = len(set.Items)
		c.logf("%s: %d lines, %d items, %d negative posts", lang, len(lines), len(set.Items), len(set.Negatives))
	}
	// Transliteration pairs (Roman Urdu <-> Urdu).
	var par []corpus.ParallelPost
	if src.Parallel != "" && c.Parallel > 0 && (slices.Contains(langs, "ur") || slices.Contains(langs, "roman_ur")) {
		pairs, err := corpus.ReadParallel(src.Parallel)
		if err != nil {
			return nil, err
		}
		par = corpus.BuildParallel(pairs, c.Parallel, c.Seed)
		res.ParallelPairs = len(pairs)
	}
	parFirst := len(res.Items)
	for _, p := range par {
		res.Items = append(res.Items, p.Item)
	}
	if len(par) > 0 {
		res.ItemsPerLang["ur~roman"] = len(par)
	}

	// Positives.
	for _, ls := range sets {
		script := corpus.Script(ls.set.Lang)
		techs := append(evasion.Techniques(), evasion.Combinations(script)...)
		for k, it := range ls.set.Items {
			in := evasion.Input{ID: it.ID, Lang: it.Lang, Script: script, Sentences: it.Sentences, Hosts: ls.set.Hosts}
			for _, t := range techs {
				if !t.AppliesTo(script) {
					continue
				}
				out, err := evasion.Apply(t, c.Seed, in)
				if errors.Is(err, evasion.ErrNotApplicable) {
					res.NotApplied[ls.set.Lang+"/"+t.Name]++
					continue
				}
				if err != nil {
					return nil, err
				}
				res.Queries = append(res.Queries, Query{Lang: it.Lang, Tech: t.Name, Level: t.Level,
					Item: ls.first + k, Text: out.Text, Jaccard: out.Jaccard, QuoteFrac: out.QuoteFrac})
			}
		}
	}
	for k, p := range par {
		res.Queries = append(res.Queries, Query{Lang: "ur~roman", Tech: "translit " + p.Dir, Level: evasion.Script,
			Item: parFirst + k, Text: p.Query, Jaccard: wordset.TextJaccard(p.Item.Text(), p.Query)})
	}

	// Hard negatives, minus true near-copies of an item: the same text,
	// possibly in another orthography (word 3-shingle Jaccard >= 0.5, or >= 60%
	// of an item's shingles contained, over wordset.SkeletonTokens). Data
	// hygiene, independent of any method's normalization and thresholds.
	dedup := newDupIndex()
	for i, it := range res.Items {
		dedup.add(int32(i), it.Text())
	}
	for _, ls := range sets {
		for _, n := range ls.set.Negatives {
			if dedup.dupOf(n.Text()) >= 0 {
				res.Dropped++
				continue
			}
			res.Negatives = append(res.Negatives, n)
			res.NegsPerLang[n.Lang]++
		}
	}
	res.Generate = time.Since(start)
	c.logf("generated %d positives and %d negatives in %v (%d negatives dropped as near-duplicates)",
		len(res.Queries), len(res.Negatives), res.Generate.Round(time.Millisecond), res.Dropped)

	texts := make([]string, len(res.Items))
	for i, it := range res.Items {
		texts[i] = it.Text()
	}
	methods := c.Methods()
	nMain := len(methods)
	if c.Ablations != nil {
		methods = append(methods, c.Ablations()...)
	}
	for k, m := range methods {
		mr := runMethod(m, texts, res)
		if mr.Err != nil {
			c.logf("%s: %v", mr.Name, mr.Err)
		} else {
			c.logf("%s: build %v, %d queries in %v (%v CPU)", mr.Name, mr.Build.Round(time.Millisecond),
				len(res.Queries)+len(res.Negatives), mr.QueryTime.Round(time.Millisecond), mr.QueryCPU.Round(time.Millisecond))
			if mr.Panics > 0 {
				c.logf("%s: %d queries panicked; first: %s", mr.Name, mr.Panics, mr.FirstPanic)
			}
		}
		if k < nMain {
			res.Methods = append(res.Methods, mr)
		} else {
			res.Ablations = append(res.Ablations, mr)
		}
	}
	return res, nil
}

func runMethod(m textmatch.Method, items []string, res *TextResult) MethodResult {
	mr := MethodResult{Name: m.Name(), Describe: m.Describe()}
	t0 := time.Now()
	if err := m.Build(items); err != nil {
		mr.Err = err
		return mr
	}
	mr.Build = time.Since(t0)
	mr.Pos = make([]Outcome, len(res.Queries))
	mr.Neg = make([]Outcome, len(res.Negatives))
	var hits []textmatch.Hit
	// A panic inside a method is a bug in that method: count it, keep the
	// first one for the report, and treat the query as unanswered.
	query := func(text, where string) (out []textmatch.Hit) {
		defer func() {
			if r := recover(); r != nil {
				mr.Panics++
				if mr.FirstPanic == "" {
					mr.FirstPanic = fmt.Sprintf("%v (query %s: %+q)", r, where, text)
				}
				out = nil
			}
		}()
		return m.Query(hits[:0], text)
	}
	t0 = time.Now()
	c0 := cpuTime()
	for i, q := range res.Queries {
		hits = query(q.Text, q.Lang+"/"+q.Tech+" of "+res.Items[q.Item].ID)
		mr.Pos[i] = outcome(hits, q.Item)
	}
	for i, n := range res.Negatives {
		hits = query(n.Text(), "negative "+n.ID)
		mr.Neg[i] = outcome(hits, -1)
	}
	mr.QueryTime = time.Since(t0)
	mr.QueryCPU = cpuTime() - c0
	return mr
}

func outcome(hits []textmatch.Hit, item int) Outcome {
	o := Outcome{WrongItem: -1}
	for _, h := range hits {
		if h.Item == item {
			o.Score = max(o.Score, h.Score)
			o.Found = o.Found || h.Match
			continue
		}
		if h.Score > o.BestWrong || (h.Score == o.BestWrong && o.WrongItem >= 0 && h.Item < o.WrongItem) || o.WrongItem < 0 {
			o.BestWrong, o.WrongItem = h.Score, h.Item
		}
		if h.Match {
			o.Wrong++
		}
	}
	return o
}

// dupIndex finds near-copies: word 3-shingle Jaccard >= 0.5, or >= 60% of
// a stored text's shingles inside the probe, over wordset.SkeletonTokens.
type dupIndex struct {
	sets [][]uint64
	ids  []int32
	post map[uint64][]int32 // shingle -> positions in sets
}

func newDupIndex() *dupIndex { return &dupIndex{post: map[uint64][]int32{}} }

func (d *dupIndex) add(id int32, text string) {
	sh := wordset.Shingles(wordset.SkeletonTokens(text), 3)
	k := int32(len(d.sets))
	d.sets = append(d.sets, sh)
	d.ids = append(d.ids, id)
	for _, h := range sh {
		d.post[h] = append(d.post[h], k)
	}
}

// dupOf returns the id of a stored text text is a near-copy of, or -1.
func (d *dupIndex) dupOf(text string) int32 {
	q := wordset.Shingles(wordset.SkeletonTokens(text), 3)
	counts := map[int32]int{}
	for _, h := range q {
		for _, k := range d.post[h] {
			counts[k]++
		}
	}
	best := int32(-1)
	for k, c := range counts {
		j := float64(c) / float64(len(q)+len(d.sets[k])-c)
		if (j >= 0.5 || float64(c) >= 0.6*float64(len(d.sets[k]))) && (best < 0 || k < best) {
			best = k
		}
	}
	if best < 0 {
		return -1
	}
	return d.ids[best]
}

// FindRepoRoot walks up from dir to the folder whose go.mod declares the
// library module (github.com/gharbal/gharbal).
func FindRepoRoot(dir string) (string, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	for d := abs; ; d = filepath.Dir(d) {
		b, err := os.ReadFile(filepath.Join(d, "go.mod"))
		if err == nil && slices.Contains(strings.Split(strings.ReplaceAll(string(b), "\r", ""), "\n"), "module github.com/gharbal/gharbal") {
			return d, nil
		}
		if filepath.Dir(d) == d {
			return "", fmt.Errorf("evalrun: no go.mod of github.com/gharbal/gharbal above %s", abs)
		}
	}
}
