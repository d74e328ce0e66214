package match

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestReadHashListHMA(t *testing.T) {
	f, err := os.Open("testdata/hma.csv")
	require.NoError(t, err)
	defer f.Close()
	items, bad, err := ReadHashList(f, ListOptions{Label: "imported"})
	require.NoError(t, err)
	assert.Empty(t, bad)
	require.Len(t, items, 3)
	assert.Equal(t, "bank-1/img-1", items[0].ID)
	assert.Equal(t, "ttp", items[0].Label)
	assert.Len(t, items[0].PDQ, 2)
	assert.Equal(t, "imported", items[1].Label)
	assert.Len(t, items[1].MD5, 16)
	assert.Equal(t, "md5:0cc175b9c0f1b6a831c399e269772661", items[2].ID)

	// Round trip through an index and the export.
	ix := newTestIndex(t)
	require.NoError(t, ix.AddBatch(items))
	var out bytes.Buffer
	require.NoError(t, WriteHashList(&out, ListHMA, ix.Items()))
	again, _, err := ReadHashList(&out, ListOptions{Label: "imported"})
	require.NoError(t, err)
	assert.Equal(t, items, again)
	ms := ix.Match(Query{PDQ: items[0].PDQ[:1]})
	require.NotEmpty(t, ms)
	assert.Equal(t, "bank-1/img-1", ms[0].ItemID)
}

func TestReadHashListThreatExchange(t *testing.T) {
	f, err := os.Open("testdata/te_pdq.csv")
	require.NoError(t, err)
	defer f.Close()
	items, _, err := ReadHashList(f, ListOptions{Format: ListThreatExchange})
	require.NoError(t, err)
	require.Len(t, items, 2)
	assert.Equal(t, "te:1234567890", items[0].ID)
	assert.Equal(t, "media_type_photo terrorism", items[0].Meta["tags"])
	var out bytes.Buffer
	require.NoError(t, WriteHashList(&out, ListThreatExchange, items))
	want, _ := os.ReadFile("testdata/te_pdq.csv")
	assert.Equal(t, string(want), out.String())
}

func TestReadHashListErrors(t *testing.T) {
	in := "pdq,f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22\n" +
		"pdq,nothex\n" +
		"md5,0cc175b9c0f1b6a831c399e269772661\n" +
		"sha1,da39a3ee5e6b4b0d3255bfef95601890afd80709\n"
	_, _, err := ReadHashList(strings.NewReader(in), ListOptions{})
	require.ErrorIs(t, err, ErrHashList)
	assert.Contains(t, err.Error(), "line 2")
	items, bad, err := ReadHashList(strings.NewReader(in), ListOptions{SkipInvalid: true})
	require.NoError(t, err)
	assert.Len(t, items, 2)
	require.Len(t, bad, 2)
	assert.Equal(t, 2, bad[0].Line)
	assert.Equal(t, 4, bad[1].Line)
	_, _, err = ReadHashList(strings.NewReader(strings.Repeat("x", 70000)+"\n"), ListOptions{})
	assert.ErrorIs(t, err, ErrHashList)
	_, _, err = ReadHashList(strings.NewReader(in), ListOptions{MaxRows: 2, SkipInvalid: true})
	assert.ErrorIs(t, err, ErrTooLarge)
	_, _, err = ReadHashList(strings.NewReader("abc,1,2,3\n"), ListOptions{Format: ListThreatExchange})
	assert.ErrorIs(t, err, ErrHashList)
}

func FuzzReadHashList(f *testing.F) {
	for _, name := range []string{"testdata/hma.csv", "testdata/te_pdq.csv"} {
		b, err := os.ReadFile(name)
		if err == nil {
			f.Add(b, uint8(1))
			f.Add(b, uint8(2))
		}
	}
	f.Fuzz(func(t *testing.T, b []byte, format uint8) {
		items, _, err := ReadHashList(bytes.NewReader(b), ListOptions{Format: ListFormat(format%2 + 1), SkipInvalid: format > 100})
		if err != nil {
			return
		}
		for _, it := range items {
			if it.ID == "" || (len(it.PDQ) == 0 && it.MD5 == nil && it.SHA256 == nil) {
				t.Fatalf("item without id or signal: %+v", it)
			}
		}
		ix, _ := NewIndex()
		if err := ix.AddBatch(items); err != nil {
			t.Fatalf("AddBatch of parsed list: %v", err)
		}
	})
}
