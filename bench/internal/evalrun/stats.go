package evalrun

import (
	"fmt"
	"slices"

	"github.com/gharbal/gharbal/bench/internal/corpus"
	"github.com/gharbal/gharbal/bench/internal/evasion"
)

// Cell is a recall count.
type Cell struct{ Found, N int }

// Recall returns Found/N, or -1 when N is 0.
func (c Cell) Recall() float64 {
	if c.N == 0 {
		return -1
	}
	return float64(c.Found) / float64(c.N)
}

func (c *Cell) add(found bool) {
	c.N++
	if found {
		c.Found++
	}
}

// Summary aggregates one method's outcomes.
type Summary struct {
	Name        string
	ByTechLang  map[[2]string]*Cell // (technique, language)
	ByTech      map[string]*Cell    // all languages
	ByLevel     map[evasion.Level]*Cell
	TP          int              // positives whose item matched
	WrongPos    int              // matches of other items in positive queries
	FalseNeg    int              // negatives with at least one match
	FalseNegHit int              // matches in negatives
	NegByLang   map[string]*Cell // Found = negatives with a match
	Negatives   int
	PostsPerSec float64 // wall
	PostsPerCPU float64 // per CPU-second (0 when not measured)
}

// FalseMatchRate is the share of negatives with at least one match.
func (s Summary) FalseMatchRate() float64 {
	if s.Negatives == 0 {
		return 0
	}
	return float64(s.FalseNeg) / float64(s.Negatives)
}

// Precision is TP / (TP + wrong-item matches on positives + matches on
// negatives).
func (s Summary) Precision() float64 {
	d := s.TP + s.WrongPos + s.FalseNegHit
	if d == 0 {
		return 1
	}
	return float64(s.TP) / float64(d)
}

// Summarize aggregates mr over res.
func Summarize(res *TextResult, mr MethodResult) Summary {
	s := Summary{Name: mr.Name, ByTechLang: map[[2]string]*Cell{}, ByTech: map[string]*Cell{},
		ByLevel: map[evasion.Level]*Cell{}, NegByLang: map[string]*Cell{}, Negatives: len(mr.Neg)}
	get := func(m map[string]*Cell, k string) *Cell {
		if m[k] == nil {
			m[k] = &Cell{}
		}
		return m[k]
	}
	for i, q := range res.Queries {
		if i >= len(mr.Pos) {
			break
		}
		o := mr.Pos[i]
		k := [2]string{q.Tech, q.Lang}
		if s.ByTechLang[k] == nil {
			s.ByTechLang[k] = &Cell{}
		}
		s.ByTechLang[k].add(o.Found)
		get(s.ByTech, q.Tech).add(o.Found)
		if q.Tech != "identity" {
			if s.ByLevel[q.Level] == nil {
				s.ByLevel[q.Level] = &Cell{}
			}
			s.ByLevel[q.Level].add(o.Found)
		}
		if o.Found {
			s.TP++
		}
		s.WrongPos += o.Wrong
	}
	for i, n := range res.Negatives {
		if i >= len(mr.Neg) {
			break
		}
		o := mr.Neg[i]
		get(s.NegByLang, n.Lang).add(o.Wrong > 0)
		if o.Wrong > 0 {
			s.FalseNeg++
			s.FalseNegHit += o.Wrong
		}
	}
	if mr.QueryTime > 0 {
		s.PostsPerSec = float64(len(mr.Pos)+len(mr.Neg)) / mr.QueryTime.Seconds()
	}
	if mr.QueryCPU > 0 {
		s.PostsPerCPU = float64(len(mr.Pos)+len(mr.Neg)) / mr.QueryCPU.Seconds()
	}
	return s
}

// TechOrder returns the techniques present in res in report order: single
// techniques, combinations, then transliteration.
func TechOrder(res *TextResult) []string {
	seen := map[string]bool{}
	var out []string
	add := func(n string) {
		if !seen[n] {
			seen[n] = true
			out = append(out, n)
		}
	}
	present := map[string]bool{}
	for _, q := range res.Queries {
		present[q.Tech] = true
	}
	for _, t := range evasion.Techniques() {
		if present[t.Name] {
			add(t.Name)
		}
	}
	for _, sc := range []string{"arabic", "latin"} {
		for _, t := range evasion.Combinations(sc) {
			if present[t.Name] {
				add(t.Name)
			}
		}
	}
	var rest []string
	for n := range present {
		if !seen[n] {
			rest = append(rest, n)
		}
	}
	slices.Sort(rest)
	return append(out, rest...)
}

// LangOrder returns the languages present in res in report order.
func LangOrder(res *TextResult) []string {
	var out []string
	for _, l := range append(slices.Clone(corpus.Languages), "ur~roman") {
		if res.ItemsPerLang[l] > 0 {
			out = append(out, l)
		}
	}
	return out
}

// TargetChar are the character-level techniques the first target
// names.
var TargetChar = []string{"keyboard", "harakat", "tatweel", "invisible", "presentation", "digits",
	"homoglyph", "fullwidth", "leet", "spaced", "repeat"}

// Misses returns up to perTech missed queries of method mi per technique,
// as "technique lang item: text" lines, for debugging (-misses).
func Misses(tr *TextResult, mi, perTech int) []string {
	count := map[string]int{}
	var out []string
	for qi, q := range tr.Queries {
		if tr.Methods[mi].Pos[qi].Found || count[q.Tech] >= perTech {
			continue
		}
		count[q.Tech]++
		out = append(out, fmt.Sprintf("%s %s %s (J %.2f, score %.2f): %s", q.Tech, q.Lang, tr.Items[q.Item].ID, q.Jaccard, tr.Methods[mi].Pos[qi].Score, q.Text))
	}
	for ni, o := range tr.Methods[mi].Neg {
		if o.Wrong > 0 {
			out = append(out, fmt.Sprintf("false match %s (score %.2f) with item %s: %s\n   item: %s", tr.Negatives[ni].ID, o.BestWrong,
				tr.Items[o.WrongItem].ID, tr.Negatives[ni].Text(), tr.Items[o.WrongItem].Text()))
		}
	}
	return out
}
