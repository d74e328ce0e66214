package gharbalmethod

import (
	"fmt"
	"strconv"

	"github.com/gharbal/gharbal/bench/internal/textmatch"
	"github.com/gharbal/gharbal/fingerprint/pdq"
	"github.com/gharbal/gharbal/match"
	"github.com/gharbal/gharbal/match/translit"
)

// Method is the library under test: a match.Index built from the items
// with the given options (none: the library defaults), queried with
// match.Query{Text}. The score of an item is the best Score among its
// matches (exact Jaccard for SignalText, containment for
// SignalContainment, 1 for SignalTextExact); every hit is a match.
type Method struct {
	name     string
	desc     string
	opts     []match.Option
	ix       *match.Index
	translit bool
	tr       *translit.Index
}

// NewGharbal returns the library method with opts (none for the defaults).
func New(name, desc string, opts ...match.Option) *Method {
	return &Method{name: name, desc: desc, opts: opts}
}

// NewWithTranslit is New plus a match/translit index over the same items,
// queried beside it: the matches of both are reported.
func NewWithTranslit(name, desc string, opts ...match.Option) *Method {
	return &Method{name: name, desc: desc, opts: opts, translit: true}
}

func (g *Method) Name() string     { return g.name }
func (g *Method) Describe() string { return g.desc }

func (g *Method) Build(items []string) error {
	ix, err := match.NewIndex(g.opts...)
	if err != nil {
		return err
	}
	batch := make([]match.Item, len(items))
	for i, s := range items {
		batch[i] = match.Item{ID: strconv.Itoa(i), Text: s}
	}
	if err := ix.AddBatch(batch); err != nil {
		return fmt.Errorf("gharbal: AddBatch: %w", err)
	}
	if ix.Len() != len(items) {
		return fmt.Errorf("gharbal: index holds %d items after adding %d", ix.Len(), len(items))
	}
	g.ix = ix
	if g.translit {
		tr, err := translit.NewIndex()
		if err != nil {
			return err
		}
		if _, err := tr.AddUsable(batch); err != nil { // short texts are left out
			return fmt.Errorf("gharbal: translit AddBatch: %w", err)
		}
		g.tr = tr
	}
	return nil
}

func (g *Method) Query(dst []textmatch.Hit, text string) []textmatch.Hit {
	ms := g.ix.Match(match.Query{Text: text})
	if g.tr != nil {
		ms = append(ms, g.tr.Match(text)...)
	}
	for _, m := range ms {
		it, err := strconv.Atoi(m.ItemID)
		if err != nil {
			continue
		}
		merged := false
		for k := range dst {
			if dst[k].Item == it {
				dst[k].Score = max(dst[k].Score, m.Score)
				merged = true
			}
		}
		if !merged {
			dst = append(dst, textmatch.Hit{Item: it, Score: m.Score, Match: true})
		}
	}
	return dst
}

// PDQIndex answers image queries through match.Index: one item per banned
// hash, queried with the eight dihedral hashes of an image.
type PDQIndex struct{ ix *match.Index }

// Build indexes hashes as items "0", "1", ….
func (p *PDQIndex) Build(hashes []pdq.Hash) error {
	ix, err := match.NewIndex()
	if err != nil {
		return err
	}
	batch := make([]match.Item, len(hashes))
	for i, h := range hashes {
		batch[i] = match.Item{ID: strconv.Itoa(i), PDQ: []pdq.Hash{h}}
	}
	if err := ix.AddBatch(batch); err != nil {
		return fmt.Errorf("gharbal: AddBatch of PDQ items: %w", err)
	}
	p.ix = ix
	return nil
}

// Lookup returns the indices of the banned hashes the index matches.
func (p *PDQIndex) Lookup(hs []pdq.Hash) []int {
	var out []int
	for _, m := range p.ix.Match(match.Query{PDQ: hs}) {
		if i, err := strconv.Atoi(m.ItemID); err == nil && m.Signal == match.SignalPDQ {
			out = append(out, i)
		}
	}
	return out
}
