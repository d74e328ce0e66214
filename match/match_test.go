package match

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gharbal/gharbal/fingerprint/pdq"
	"github.com/gharbal/gharbal/internal/synthtext"
)

func newTestIndex(t testing.TB, opts ...Option) *Index {
	t.Helper()
	ix, err := NewIndex(opts...)
	require.NoError(t, err)
	return ix
}

const banned = "the quick brown fox jumps over the lazy dog while the cat sleeps on the warm mat near the old fireplace in winter"

func TestMatchTextSignals(t *testing.T) {
	ix := newTestIndex(t)
	require.NoError(t, ix.Add(Item{ID: "a", Label: "L", Text: banned}))
	require.NoError(t, ix.Add(Item{ID: "short", Text: "long live the group"}))
	// Edited copy.
	edited := strings.Replace(banned, "lazy", "sleepy", 1)
	ms := ix.MatchText(edited)
	require.Len(t, ms, 1, "MatchText(%q)", edited)
	assert.Equal(t, "a", ms[0].ItemID)
	assert.Equal(t, SignalText, ms[0].Signal)
	assert.Equal(t, "L", ms[0].Label)
	assert.Greater(t, ms[0].Score, 0.6)
	// Quoted inside a longer post.
	prefix := "I read this today and I cannot believe anyone would write such a thing, here it is: "
	post := prefix + banned + " ... and then a lot more text that has nothing to do with it at all, about football and weather and the price of bread in the market this week and last week and the week before that"
	ms = ix.MatchText(post)
	require.Len(t, ms, 1, "MatchText(%q)", post)
	assert.Equal(t, SignalContainment, ms[0].Signal)
	assert.InDelta(t, 1.0, ms[0].Score, 1e-9)
	require.Len(t, ms[0].Spans, 1)
	assert.Equal(t, banned, post[ms[0].Spans[0][0]:ms[0].Spans[0][1]])
	// Short text, exact after normalization.
	ms = ix.MatchText("Long  LIVE the group!")
	require.Len(t, ms, 1)
	assert.Equal(t, SignalTextExact, ms[0].Signal)
	// Unrelated.
	assert.Empty(t, ix.MatchText("a completely different post about gardening tomatoes and cucumbers in the summer heat of the plains"))
}

func TestMatchDigestsAndPDQ(t *testing.T) {
	ix := newTestIndex(t)
	var h pdq.Hash
	for i := range h {
		h[i] = byte(i*37 + 11)
	}
	md5 := []byte("0123456789abcdef")
	require.NoError(t, ix.Add(Item{ID: "img", PDQ: []pdq.Hash{h}, MD5: md5}))
	q := h
	q[0] ^= 0xff // 8 bits
	q[5] ^= 0x0f // 4 bits
	ms := ix.Match(Query{PDQ: []pdq.Hash{q}, MD5: md5})
	require.Len(t, ms, 2)
	assert.Equal(t, SignalMD5, ms[0].Signal)
	assert.Equal(t, SignalPDQ, ms[1].Signal)
	assert.Equal(t, 12, ms[1].Distance)
	far := h
	for i := 0; i < 5; i++ {
		far[i] ^= 0xff
	}
	assert.Empty(t, ix.Match(Query{PDQ: []pdq.Hash{far}}))
}

func TestRemove(t *testing.T) {
	ix := newTestIndex(t)
	require.NoError(t, ix.Add(Item{ID: "a", Text: banned}))
	require.ErrorIs(t, ix.Add(Item{ID: "a", Text: banned}), ErrDuplicateID)
	require.NoError(t, ix.Remove("a"))
	require.ErrorIs(t, ix.Remove("a"), ErrNotFound)
	assert.Empty(t, ix.MatchText(banned))
	require.NoError(t, ix.Add(Item{ID: "a", Text: banned}))
	assert.Len(t, ix.MatchText(banned), 1)
	assert.Equal(t, uint64(3), ix.Seq())
	// Removal from the compacted base, for every signal.
	items := []Item{
		{ID: "long", Text: banned},
		{ID: "short", Text: "long live the group"},
		{ID: "md5", MD5: make([]byte, 16)},
		{ID: "pdq", PDQ: []pdq.Hash{{1, 2, 3, 4, 5, 6, 7, 8, 9}}},
	}
	for i := 0; i < 100; i++ { // fillers, so removals stay tombstones
		items = append(items, Item{ID: fmt.Sprint("filler", i), SHA256: bytes.Repeat([]byte{byte(i)}, 32)})
	}
	base := newTestIndex(t)
	require.NoError(t, base.AddBatch(items))
	queries := []Query{{Text: banned}, {Text: "long live the group"}, {MD5: make([]byte, 16)}, {PDQ: items[3].PDQ}}
	for i, q := range queries {
		require.Len(t, base.Match(q), 1, "before removal, query %d", i)
		require.NoError(t, base.Remove(items[i].ID))
		assert.Empty(t, base.Match(q), "after removal, query %d", i)
	}
	assert.Equal(t, 4, base.Stats().Removed, "removals kept as tombstones")
}

func TestQualitySmall(t *testing.T) {
	n := 20000
	if testing.Short() {
		n = 5000
	}
	c := synthtext.Generate(synthtext.Default(n))
	items := make([]Item, n)
	for i := range items {
		items[i] = Item{ID: itoa(i), Text: c.Text(i)}
	}
	ix := newTestIndex(t)
	require.NoError(t, ix.AddBatch(items))
	qs := synthtext.Queries(c, 1000, 7)
	truth := synthtext.Truth(c, qs, 0.5)
	tp, fp, fn := 0, 0, 0
	for qi, q := range qs {
		want := map[string]bool{}
		for _, p := range truth[qi] {
			want[itoa(p.Doc)] = true
		}
		got := map[string]bool{}
		for _, m := range ix.MatchText(c.Text(q)) {
			if m.Signal == SignalText && m.ItemID != itoa(q) {
				got[m.ItemID] = true
			}
		}
		for id := range got {
			if want[id] {
				tp++
			} else {
				fp++
			}
		}
		for id := range want {
			if !got[id] {
				fn++
			}
		}
	}
	p := float64(tp) / float64(tp+fp)
	r := float64(tp) / float64(tp+fn)
	t.Logf("n=%d tp=%d fp=%d fn=%d precision=%.4f recall=%.4f stats=%+v", n, tp, fp, fn, p, r, ix.Stats())
	assert.GreaterOrEqual(t, p, 0.99)
	assert.GreaterOrEqual(t, r, 0.95)
}

// TestSimHashSignal: a one-word edit of a short post moves its 64-bit
// SimHash by up to about 14 bits (measured: 14 for this pair), so the test
// uses 15, the largest threshold the index accepts (MIH over 64 bits).
func TestSimHashSignal(t *testing.T) {
	ix := newTestIndex(t, WithSimHash(15))
	require.NoError(t, ix.Add(Item{ID: "a", Text: banned}))
	ms := ix.MatchText(strings.Replace(banned, "lazy", "sleepy", 1))
	var sigs []Signal
	for _, m := range ms {
		sigs = append(sigs, m.Signal)
		if m.Signal == SignalSimHash {
			assert.LessOrEqual(t, m.Distance, 15)
		}
	}
	assert.Contains(t, sigs, SignalSimHash, "%v", ms)
	assert.Contains(t, sigs, SignalText)
	// Snapshots keep the signal; a reader may not switch it off.
	snap := snapshot(t, ix)
	rd, err := ReadIndex(bytes.NewReader(snap), 1<<20)
	require.NoError(t, err)
	assert.Equal(t, ms, rd.MatchText(strings.Replace(banned, "lazy", "sleepy", 1)))
	plain := newTestIndex(t)
	require.NoError(t, plain.Add(Item{ID: "a", Text: banned}))
	for _, m := range plain.MatchText(banned) {
		assert.NotEqual(t, SignalSimHash, m.Signal)
	}
}

func TestInvalidItems(t *testing.T) {
	ix := newTestIndex(t)
	for _, it := range []Item{
		{},
		{ID: "x"},
		{ID: "x", Text: "!!! ???"},
		{ID: "x", MD5: []byte{1, 2}},
		{ID: "x", SHA256: make([]byte, 31)},
		{ID: "x", PDQ: make([]pdq.Hash, 1)},
		{ID: string([]byte{0xff, 0xfe}), MD5: make([]byte, 16)},
		{ID: strings.Repeat("x", MaxIDBytes+1), MD5: make([]byte, 16)},
	} {
		assert.ErrorIs(t, ix.Add(it), ErrInvalidItem, "Add(%+v)", it)
	}
	err := ix.AddBatch([]Item{{ID: "ok", MD5: make([]byte, 16)}, {ID: "bad"}})
	var be *BatchError
	require.ErrorAs(t, err, &be)
	assert.Equal(t, 1, be.Index)
	assert.Zero(t, ix.Len(), "a failed batch adds nothing")
	_, err = NewIndex(WithBands(0, 3))
	assert.ErrorIs(t, err, ErrInvalidOption)
	_, err = NewIndex(WithTextThreshold(1.5))
	assert.ErrorIs(t, err, ErrInvalidOption)
}

func TestBuilder(t *testing.T) {
	items, c := sampleItems(5000)
	b, err := NewBuilder()
	require.NoError(t, err)
	for _, it := range items {
		require.NoError(t, b.Add(it))
	}
	built, err := b.Build()
	require.NoError(t, err)
	batch := newTestIndex(t)
	require.NoError(t, batch.AddBatch(items))
	assert.Equal(t, snapshot(t, batch), snapshot(t, built), "Builder and AddBatch give the same index")
	assert.Equal(t, batch.MatchText(c.Text(10)), built.MatchText(c.Text(10)))
	b, _ = NewBuilder()
	require.NoError(t, b.Add(Item{ID: "a", MD5: make([]byte, 16)}))
	var be *BatchError
	require.ErrorAs(t, b.Add(Item{ID: "a", MD5: make([]byte, 16)}), &be)
	assert.ErrorIs(t, be, ErrDuplicateID)
}
