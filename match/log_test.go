package match

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestReplicasConverge: a writer applies a random sequence of adds and
// removes (some failing) and logs them; replicas that start from snapshots
// taken at different points and replay the rest of the log end with the
// same snapshot bytes as the writer.
func TestReplicasConverge(t *testing.T) {
	items, _ := sampleItems(1500)
	writer := newTestIndex(t)
	var log bytes.Buffer
	lw := NewLogWriter(&log)
	r := rand.New(rand.NewPCG(3, 4))
	snaps := map[uint64][]byte{}
	var live []string
	next := 0
	for step := 0; step < 1200; step++ {
		var e LogEntry
		switch {
		case len(live) > 0 && r.IntN(4) == 0:
			k := r.IntN(len(live))
			e = LogEntry{Op: OpRemove, ID: live[k]}
			live = append(live[:k], live[k+1:]...)
		case r.IntN(50) == 0:
			e = LogEntry{Op: OpRemove, ID: "no-such-item"} // fails, consumes Seq
		default:
			e = LogEntry{Op: OpAdd, Item: items[next]}
			live = append(live, items[next].ID)
			next++
		}
		e.Seq = writer.Seq() + 1
		err := writer.Apply(e)
		if e.ID == "no-such-item" {
			require.ErrorIs(t, err, ErrNotFound)
		} else {
			require.NoError(t, err)
		}
		require.NoError(t, lw.Append(e))
		if step%300 == 0 {
			snaps[writer.Seq()] = snapshot(t, writer)
		}
	}
	final := snapshot(t, writer)
	assert.Equal(t, len(live), writer.Len())
	for seq, snap := range snaps {
		rep, err := ReadIndex(bytes.NewReader(snap), 1<<30)
		require.NoError(t, err)
		require.Equal(t, seq, rep.Seq())
		lr := NewLogReader(bytes.NewReader(log.Bytes()), 1<<20)
		for {
			e, err := lr.Next()
			if errors.Is(err, io.EOF) {
				break
			}
			require.NoError(t, err)
			if err := rep.Apply(e); err != nil {
				require.ErrorIs(t, err, ErrNotFound)
			}
		}
		assert.Equal(t, writer.Seq(), rep.Seq())
		assert.True(t, bytes.Equal(final, snapshot(t, rep)), "replica from snapshot %d diverged", seq)
	}
	// Out of order.
	err := writer.Apply(LogEntry{Seq: writer.Seq() + 2, Op: OpRemove, ID: live[0]})
	assert.ErrorIs(t, err, ErrOutOfOrder)
}

func TestLogReaderErrors(t *testing.T) {
	var log bytes.Buffer
	lw := NewLogWriter(&log)
	require.NoError(t, lw.Append(LogEntry{Seq: 1, Op: OpAdd, Item: Item{ID: "a", Text: "x y z", Meta: map[string]string{"k": "v"}, MD5: make([]byte, 16)}}))
	require.NoError(t, lw.Append(LogEntry{Seq: 2, Op: OpRemove, ID: "a"}))
	b := log.Bytes()
	lr := NewLogReader(bytes.NewReader(b), 1<<20)
	e, err := lr.Next()
	require.NoError(t, err)
	assert.Equal(t, "v", e.Item.Meta["k"])
	e, err = lr.Next()
	require.NoError(t, err)
	assert.Equal(t, LogEntry{Seq: 2, Op: OpRemove, ID: "a"}, e)
	_, err = lr.Next()
	assert.Equal(t, io.EOF, err)

	_, err = NewLogReader(bytes.NewReader(b[:len(b)-3]), 1<<20).Next()
	assert.NoError(t, err)
	lr = NewLogReader(bytes.NewReader(b[:len(b)-3]), 1<<20)
	lr.Next()
	_, err = lr.Next()
	assert.ErrorIs(t, err, ErrTruncated)
	_, err = NewLogReader(bytes.NewReader([]byte("GIF89a......")), 1<<20).Next()
	assert.ErrorIs(t, err, ErrForeign)
	_, err = NewLogReader(bytes.NewReader(b), 10).Next()
	assert.ErrorIs(t, err, ErrTooLarge)
	bad := bytes.Clone(b)
	bad[25] ^= 1
	_, err = NewLogReader(bytes.NewReader(bad), 1<<20).Next()
	assert.ErrorIs(t, err, ErrCorrupt)
}

func FuzzLogReader(f *testing.F) {
	var log bytes.Buffer
	lw := NewLogWriter(&log)
	lw.Append(LogEntry{Seq: 1, Op: OpAdd, Item: Item{ID: "a", Label: "l", Text: "x y z", PDQ: nil, SHA256: make([]byte, 32)}})
	lw.Append(LogEntry{Seq: 2, Op: OpRemove, ID: "a"})
	f.Add(log.Bytes())
	f.Fuzz(func(t *testing.T, b []byte) {
		lr := NewLogReader(bytes.NewReader(b), 1<<16)
		ix, _ := NewIndex()
		for i := 0; i < 100; i++ {
			e, err := lr.Next()
			if err != nil {
				return
			}
			ix.Apply(e)
			var out bytes.Buffer
			if err := NewLogWriter(&out).Append(e); err != nil && e.Op != OpAdd {
				t.Fatalf("re-encoding a decoded entry: %v", err)
			}
		}
	})
}

func TestConcurrentQueriesAndWrites(t *testing.T) {
	items, c := sampleItems(3000)
	ix := newTestIndex(t)
	require.NoError(t, ix.AddBatch(items[:1000]))
	done := make(chan struct{})
	errs := make(chan error, 8)
	for g := 0; g < 4; g++ {
		go func(g int) {
			for i := 0; ; i++ {
				select {
				case <-done:
					errs <- nil
					return
				default:
				}
				k := (i*7 + g) % 1000
				if k%7 == 3 {
					continue // short texts
				}
				ms := ix.MatchText(c.Text(k))
				found := false
				for _, m := range ms {
					found = found || m.ItemID == items[k].ID
				}
				// Items 0..499 are never removed.
				if k < 500 && !found {
					errs <- fmt.Errorf("query %d: item not found, got %v", k, ms)
					return
				}
			}
		}(g)
	}
	for i := 1000; i < 3000; i++ {
		require.NoError(t, ix.Add(items[i]))
		if i%3 == 0 {
			require.NoError(t, ix.Remove(items[i-500].ID))
		}
	}
	close(done)
	for g := 0; g < 4; g++ {
		assert.NoError(t, <-errs)
	}
}
