package match

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gharbal/gharbal/fingerprint/pdq"
	"github.com/gharbal/gharbal/internal/synthtext"
)

// sampleItems returns n items of every kind from the synthetic corpus.
func sampleItems(n int) ([]Item, *synthtext.Corpus) {
	c := synthtext.Generate(synthtext.Default(n))
	items := make([]Item, n)
	for i := range items {
		it := Item{ID: fmt.Sprintf("item-%d", i), Label: []string{"", "ttp", "isis"}[i%3], Text: c.Text(i)}
		switch i % 7 {
		case 1:
			var h pdq.Hash
			for k := range h {
				h[k] = byte(i*31 + k*7)
			}
			it.PDQ = []pdq.Hash{h}
		case 2:
			it.MD5 = bytes.Repeat([]byte{byte(i)}, 16)
			it.SHA256 = bytes.Repeat([]byte{byte(i), 1}, 16)
		case 3:
			it.Text = "short text " + fmt.Sprint(i)
			it.Meta = map[string]string{"source": "list", "n": fmt.Sprint(i)}
		}
		items[i] = it
	}
	return items, c
}

func snapshot(t testing.TB, ix *Index) []byte {
	t.Helper()
	var buf bytes.Buffer
	n, err := ix.WriteTo(&buf)
	require.NoError(t, err)
	require.Equal(t, int64(buf.Len()), n)
	return buf.Bytes()
}

func TestSnapshotRoundTrip(t *testing.T) {
	items, c := sampleItems(3000)
	ix := newTestIndex(t)
	require.NoError(t, ix.AddBatch(items[:2000]))
	for _, it := range items[2000:2100] {
		require.NoError(t, ix.Add(it)) // some in the delta
	}
	require.NoError(t, ix.Remove("item-5"))
	require.NoError(t, ix.Remove("item-2050"))
	snap := snapshot(t, ix)
	rd, err := ReadIndex(bytes.NewReader(snap), int64(len(snap)))
	require.NoError(t, err)
	assert.Equal(t, ix.Len(), rd.Len())
	assert.Equal(t, ix.Seq(), rd.Seq())
	assert.Equal(t, ix.Params(), rd.Params())
	assert.Equal(t, snap, snapshot(t, rd), "re-written snapshot differs")
	for i := 0; i < 2100; i += 7 {
		q := Query{Text: c.Text(i), PDQ: items[i].PDQ, MD5: items[i].MD5}
		if items[i].Text != c.Text(i) {
			q.Text = items[i].Text
		}
		assert.Equal(t, ix.Match(q), rd.Match(q), "Match(item %d)", i)
	}
	assert.Equal(t, ix.Items(), rd.Items())
}

func TestSnapshotErrors(t *testing.T) {
	items, _ := sampleItems(300)
	ix := newTestIndex(t)
	require.NoError(t, ix.AddBatch(items))
	snap := snapshot(t, ix)

	_, err := ReadIndex(bytes.NewReader(snap), int64(len(snap))-1)
	assert.ErrorIs(t, err, ErrTooLarge)
	_, err = ReadIndex(bytes.NewReader([]byte("PK\x03\x04 not an index at all")), 1<<20)
	assert.ErrorIs(t, err, ErrForeign)
	_, err = ReadIndex(bytes.NewReader(nil), 1<<20)
	assert.ErrorIs(t, err, ErrForeign)
	for _, cut := range []int{13, 40, len(snap) / 2, len(snap) - 1} {
		_, err = ReadIndex(bytes.NewReader(snap[:cut]), 1<<30)
		assert.ErrorIs(t, err, ErrTruncated, "cut at %d", cut)
	}
	bad := bytes.Clone(snap)
	bad[len(bad)/2] ^= 0x40
	_, err = ReadIndex(bytes.NewReader(bad), 1<<30)
	assert.ErrorIs(t, err, ErrCorrupt)
	ver := bytes.Clone(snap)
	binary.LittleEndian.PutUint32(ver[8:], 99)
	_, err = ReadIndex(bytes.NewReader(ver), 1<<30)
	assert.ErrorIs(t, err, ErrIncompatible)
	// A section claiming a huge length is refused before any allocation.
	huge := bytes.Clone(snap[:12+16])
	binary.LittleEndian.PutUint64(huge[16:], 1<<60)
	_, err = ReadIndex(bytes.NewReader(huge), 1<<30)
	assert.ErrorIs(t, err, ErrTooLarge)
	// Options that change fingerprints are refused.
	_, err = ReadIndex(bytes.NewReader(snap), 1<<30, WithBands(7, 3))
	assert.ErrorIs(t, err, ErrIncompatible)
	// Query-time options are accepted.
	_, err = ReadIndex(bytes.NewReader(snap), 1<<30, WithTextThreshold(0.7))
	assert.NoError(t, err)
}

// TestSnapshotForgedSection re-signs a section with bad content: the
// checksum passes, so the structural checks must catch it.
func TestSnapshotForgedSection(t *testing.T) {
	items, _ := sampleItems(200)
	ix := newTestIndex(t)
	require.NoError(t, ix.AddBatch(items))
	snap := snapshot(t, ix)
	off := 12
	for off < len(snap) {
		tag := string(snap[off : off+4])
		n := int(binary.LittleEndian.Uint64(snap[off+4:]))
		if tag == "BAND" && n >= 16 {
			forged := bytes.Clone(snap)
			p := forged[off+16 : off+16+n]
			binary.LittleEndian.PutUint32(p[0:], 0xffffffff) // item number out of range
			binary.LittleEndian.PutUint32(forged[off+12:], crc32.Checksum(p, castagnoli))
			_, err := ReadIndex(bytes.NewReader(forged), 1<<30)
			assert.ErrorIs(t, err, ErrCorrupt)
			return
		}
		off += 16 + n
	}
	t.Fatal("no BAND section found")
}

func TestWriteFileAtomic(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "index.ghx")
	items, _ := sampleItems(100)
	ix := newTestIndex(t)
	require.NoError(t, ix.AddBatch(items))
	require.NoError(t, ix.WriteFile(path))
	rd, err := ReadFile(path, 1<<30)
	require.NoError(t, err)
	assert.Equal(t, ix.Len(), rd.Len())
	ents, _ := os.ReadDir(dir)
	assert.Len(t, ents, 1, "temporary files left behind")
	// A failed write (unwritable folder) leaves the old file intact.
	require.NoError(t, os.Chmod(dir, 0o500))
	defer os.Chmod(dir, 0o700)
	if err := ix.WriteFile(path); err == nil {
		t.Skip("running as a user that can write to read-only folders")
	}
	_, err = ReadFile(path, 1<<30)
	assert.NoError(t, err)
}

func FuzzReadSnapshot(f *testing.F) {
	items, _ := sampleItems(40)
	ix, _ := NewIndex()
	ix.AddBatch(items)
	var buf bytes.Buffer
	ix.WriteTo(&buf)
	f.Add(buf.Bytes())
	f.Add(buf.Bytes()[:100])
	f.Add([]byte(snapMagic))
	if seed, err := os.ReadFile("testdata/small.ghx"); err == nil {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		rd, err := ReadIndex(bytes.NewReader(b), 1<<20)
		if err != nil {
			return
		}
		// Whatever loads must be usable and re-write to the same bytes.
		rd.MatchText("some words to look up in whatever was loaded here")
		var out bytes.Buffer
		if _, err := rd.WriteTo(&out); err != nil {
			t.Fatal(err)
		}
	})
}
