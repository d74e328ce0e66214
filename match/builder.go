package match

import (
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
)

// Builder builds a large Index in one pass: it fingerprints items on all
// CPUs as they arrive and sorts every table once in Build, instead of
// merging batches into a growing index. Building 10^6 posts this way costs
// one sort per table.
//
// A *Builder is not safe for concurrent use. The zero Builder is not
// usable: call NewBuilder.
type Builder struct {
	ix      *Index
	pending []Item
	preps   []prepared
	ids     map[string]int
	n       int // items added so far
	err     error
}

// builderChunk is the number of items fingerprinted together.
const builderChunk = 4096

// NewBuilder returns a Builder for an index with the given options; it
// returns an error wrapping ErrInvalidOption for a bad option.
func NewBuilder(opts ...Option) (*Builder, error) {
	ix, err := NewIndex(opts...)
	if err != nil {
		return nil, err
	}
	return &Builder{ix: ix, ids: map[string]int{}}, nil
}

// Add queues it. It returns a *BatchError (Index = the item's position
// among all items added, from 0) for a duplicate ID at once, and for an
// invalid item (ErrInvalidItem) either at once or from a later Add or from
// Build, when its chunk is fingerprinted. After an error the Builder is
// unusable.
func (b *Builder) Add(it Item) error {
	if b.err != nil {
		return b.err
	}
	if j, ok := b.ids[it.ID]; ok {
		b.err = &BatchError{b.n, fmt.Errorf("%w: %q (also item %d)", ErrDuplicateID, it.ID, j)}
		return b.err
	}
	b.ids[it.ID] = b.n
	b.n++
	b.pending = append(b.pending, it)
	if len(b.pending) >= builderChunk {
		return b.flush()
	}
	return nil
}

// flush fingerprints the pending items in parallel.
func (b *Builder) flush() error {
	base := b.n - len(b.pending)
	preps, err := b.ix.prepareAll(b.pending)
	if err != nil {
		if be, ok := err.(*BatchError); ok {
			be.Index += base
		}
		b.err = err
		return err
	}
	b.preps = append(b.preps, preps...)
	b.pending = b.pending[:0]
	return nil
}

// Build returns the index of every item added, with Seq equal to their
// number. The Builder must not be used afterwards.
func (b *Builder) Build() (*Index, error) {
	if b.err != nil {
		return nil, b.err
	}
	if err := b.flush(); err != nil {
		return nil, err
	}
	ix := b.ix
	ix.view.Store(&view{base: buildSegment(&ix.cfg, b.preps, false), seq: uint64(len(b.preps))})
	b.preps, b.ids, b.err = nil, nil, fmt.Errorf("match: Builder used after Build")
	return ix, nil
}

// prepareAll fingerprints items on all CPUs; the first invalid item is a
// *BatchError.
func (ix *Index) prepareAll(items []Item) ([]prepared, error) {
	preps := make([]prepared, len(items))
	errs := make([]error, len(items))
	var wg sync.WaitGroup
	var next atomic.Int64
	const step = 64
	for w := 0; w < runtime.GOMAXPROCS(0); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(step)) - step
				if i >= len(items) {
					return
				}
				for j := i; j < min(i+step, len(items)); j++ {
					preps[j], errs[j] = ix.prepare(&items[j])
				}
			}
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			return nil, &BatchError{i, err}
		}
	}
	return preps, nil
}
