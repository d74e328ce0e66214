package translit

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gharbal/gharbal/match"
)

// The sample slogan of testdata/sample (written for the project) in Urdu and
// in Roman Urdu, and an unrelated Roman Urdu text of the same length.
const (
	urSlogan  = "محاذِ سرو کا اعلان: سرو کبھی نہیں جھکتا۔ ہمارا قافلہ پہاڑوں کی طرف رواں ہے اور ہر نوجوان کو اس قافلے میں شامل ہونے کی دعوت دی جاتی ہے۔"
	rurSlogan = "Mahaz-e-Sarv ka elaan: sarv kabhi nahin jhukta. Hamara qafila paharon ki taraf rawan hai aur har naujawan ko is qafile mein shamil hone ki dawat di jati hai."
	rurOther  = "Kal subah barish hui to bachon ne school jane se pehle chai pi aur dadi ne unhein purane qisse sunaye jo unhon ne pehle kabhi nahin sune thay."
)

func mustIndex(t testing.TB, opts ...Option) *Index {
	t.Helper()
	x, err := NewIndex(opts...)
	require.NoError(t, err)
	return x
}

func TestAcrossScripts(t *testing.T) {
	x := mustIndex(t)
	require.NoError(t, x.Add(match.Item{ID: "ur", Label: "slogan", Text: urSlogan}))
	require.NoError(t, x.Add(match.Item{ID: "rur", Label: "slogan", Text: rurSlogan}))
	assert.Equal(t, 2, x.Len())

	post := "dekho kya likha hai: " + rurSlogan + " report kar diya"
	ms := x.Match(post)
	require.Len(t, ms, 1, "%v", ms)
	m := ms[0]
	assert.Equal(t, "ur", m.ItemID, "a Roman Urdu post matches the Urdu item, not the Roman one")
	assert.Equal(t, match.SignalTransliteration, m.Signal)
	assert.Equal(t, "slogan", m.Label)
	assert.GreaterOrEqual(t, m.Score, DefaultThreshold)
	require.NotEmpty(t, m.Spans)
	for _, sp := range m.Spans {
		assert.True(t, sp[0] >= 0 && sp[0] < sp[1] && sp[1] <= len(post), "span %v", sp)
	}
	covered := post[m.Spans[0][0]:m.Spans[len(m.Spans)-1][1]]
	assert.Contains(t, covered, "kabhi nahin jhukta", "the spans cover the transliterated passage")

	// and the other way round
	ms = x.Match(urSlogan)
	require.Len(t, ms, 1, "%v", ms)
	assert.Equal(t, "rur", ms[0].ItemID)

	// unrelated text and same-script copies match nothing here
	assert.Empty(t, x.Match(rurOther))
	only := mustIndex(t)
	require.NoError(t, only.Add(match.Item{ID: "ur", Text: urSlogan}))
	assert.Empty(t, only.Match(urSlogan), "same script: the main index's job")
}

func TestAddErrors(t *testing.T) {
	x := mustIndex(t)
	for _, text := range []string{"", "123 456", "sarv kabhi", "سرو کبھی نہیں", "!!! ???"} {
		err := x.Add(match.Item{ID: "a", Text: text})
		assert.ErrorIs(t, err, ErrTooShort, "%q", text)
		assert.ErrorIs(t, err, match.ErrInvalidItem, "%q", text)
	}
	assert.ErrorIs(t, x.Add(match.Item{Text: urSlogan}), match.ErrInvalidItem)
	assert.ErrorIs(t, x.Add(match.Item{ID: strings.Repeat("x", match.MaxIDBytes), Text: urSlogan}), match.ErrInvalidItem)

	require.NoError(t, x.Add(match.Item{ID: "a", Text: urSlogan}))
	assert.ErrorIs(t, x.Add(match.Item{ID: "a", Text: rurSlogan}), match.ErrDuplicateID, "an ID is unique across scripts")
	err := x.AddBatch([]match.Item{{ID: "b", Text: rurSlogan}, {ID: "b", Text: urSlogan}})
	var be *match.BatchError
	require.ErrorAs(t, err, &be)
	assert.Equal(t, 1, be.Index)
	assert.ErrorIs(t, err, match.ErrDuplicateID)
	assert.Equal(t, 1, x.Len(), "a failed batch adds nothing")
	err = x.AddBatch([]match.Item{{ID: "c", Text: rurSlogan}, {ID: "d", Text: "short"}})
	require.ErrorAs(t, err, &be)
	assert.Equal(t, 1, be.Index)
	assert.ErrorIs(t, err, ErrTooShort)

	// AddUsable leaves short texts out and reports them; other refusals
	// name the item's place in the batch
	skipped, err := x.AddUsable([]match.Item{{ID: "e", Text: "short"}, {ID: "f", Text: rurOther}, {ID: "g", Text: ""}})
	require.NoError(t, err)
	assert.Equal(t, 2, skipped)
	assert.True(t, x.Contains("f") && !x.Contains("e"))
	_, err = x.AddUsable([]match.Item{{ID: "h", Text: "short"}, {ID: "i", Label: strings.Repeat("l", match.MaxLabelBytes+1), Text: rurOther}})
	require.ErrorAs(t, err, &be)
	assert.Equal(t, 1, be.Index, "the index in the caller's batch, not in the filtered one")
	require.NoError(t, x.Remove("f"))

	assert.ErrorIs(t, x.Remove("nope"), match.ErrNotFound)
	require.NoError(t, x.Remove("a"))
	assert.Equal(t, 0, x.Len())
	assert.Empty(t, x.Match(rurSlogan))

	_, err = NewIndex(WithThreshold(0))
	assert.ErrorIs(t, err, match.ErrInvalidOption)
	_, err = NewIndex(WithBands(0, 2))
	assert.ErrorIs(t, err, match.ErrInvalidOption)
}

func TestRender(t *testing.T) {
	x := mustIndex(t)
	assert.Equal(t, "qsra qsra qkba qkba qnn qnn", x.Render("sarv kabhi nahin"))
	assert.Equal(t, x.Render("sarv kabhi nahin"), x.Render("سرو کبھی نہیں"))
	assert.Equal(t, "q313 q313", x.Render("۳۱۳"), "numbers are kept, as ASCII digits")
	assert.Equal(t, "", x.Render("?! "+"\xff"))
}

func TestSnapshot(t *testing.T) {
	x := mustIndex(t)
	require.NoError(t, x.AddBatch([]match.Item{{ID: "ur", Label: "l", Meta: map[string]string{"k": "v"}, Text: urSlogan}, {ID: "other", Text: rurOther}}))
	var buf bytes.Buffer
	n, err := x.WriteTo(&buf)
	require.NoError(t, err)
	assert.Equal(t, int64(buf.Len()), n)

	y, err := ReadIndex(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	require.NoError(t, err)
	assert.Equal(t, x.Params(), y.Params())
	assert.Equal(t, x.Match(rurSlogan), y.Match(rurSlogan))
	require.Len(t, y.Match(rurSlogan), 1)
	assert.Equal(t, map[string]string{"k": "v"}, y.Match(rurSlogan)[0].Meta)

	// query-time threshold; fingerprint options must agree
	z, err := ReadIndex(bytes.NewReader(buf.Bytes()), int64(buf.Len()), WithThreshold(0.99))
	require.NoError(t, err)
	assert.Empty(t, z.Match(rurSlogan))
	_, err = ReadIndex(bytes.NewReader(buf.Bytes()), int64(buf.Len()), WithBands(8, 2))
	assert.ErrorIs(t, err, ErrIncompatible)

	// the file forms, as match's
	path := filepath.Join(t.TempDir(), "tr.snap")
	require.NoError(t, x.WriteFile(path))
	f, err := ReadFile(path, 1<<20)
	require.NoError(t, err)
	assert.Equal(t, x.Match(rurSlogan), f.Match(rurSlogan))
	_, err = ReadFile(path+".missing", 1<<20)
	assert.ErrorIs(t, err, os.ErrNotExist)
	require.NoError(t, os.WriteFile(path, []byte("junk"), 0o644))
	_, err = ReadFile(path, 1<<20)
	assert.ErrorIs(t, err, ErrForeign)
	assert.Contains(t, err.Error(), path)

	_, err = ReadIndex(strings.NewReader("GHARBALX and more bytes"), 100)
	assert.ErrorIs(t, err, ErrForeign)
	_, err = ReadIndex(strings.NewReader("short"), 100)
	assert.ErrorIs(t, err, ErrForeign)
	bad := bytes.Clone(buf.Bytes())
	bad[8] = 9
	_, err = ReadIndex(bytes.NewReader(bad), int64(len(bad)))
	assert.ErrorIs(t, err, ErrIncompatible)
	_, err = ReadIndex(bytes.NewReader(buf.Bytes()[:buf.Len()/2]), int64(buf.Len()))
	assert.ErrorIs(t, err, match.ErrTruncated)
	_, err = ReadIndex(bytes.NewReader(buf.Bytes()), int64(buf.Len()/2))
	assert.ErrorIs(t, err, match.ErrTooLarge)
}

// TestConcurrent backs the concurrency contract under -race: queries run
// while items are added and removed.
func TestConcurrent(t *testing.T) {
	x := mustIndex(t)
	require.NoError(t, x.Add(match.Item{ID: "ur", Text: urSlogan}))
	var wg sync.WaitGroup
	stop := make(chan struct{})
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				ms := x.Match(rurSlogan)
				if len(ms) != 1 || ms[0].ItemID != "ur" {
					t.Errorf("Match during writes = %v", ms)
					return
				}
			}
		}()
	}
	for i := range 30 {
		id := fmt.Sprint("other-", i)
		require.NoError(t, x.Add(match.Item{ID: id, Text: rurOther}))
		if i%2 == 0 {
			require.NoError(t, x.Remove(id))
		}
	}
	close(stop)
	wg.Wait()
	assert.Equal(t, 16, x.Len())
}

func FuzzMatch(f *testing.F) {
	for _, s := range []string{rurSlogan, urSlogan, rurOther, "", "\xff\xfe", "4 5 6 7 8 9 0 1", "m4h4z e s4rv k4 3l44n"} {
		f.Add(s)
	}
	x := mustIndex(f)
	if err := x.AddBatch([]match.Item{{ID: "ur", Text: urSlogan}, {ID: "rur", Text: rurSlogan}}); err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, m := range x.Match(s) {
			if m.ItemID != "ur" && m.ItemID != "rur" || m.Signal != match.SignalTransliteration {
				t.Fatalf("Match(%+q) = %v", s, m)
			}
			prev := 0
			for _, sp := range m.Spans {
				if sp[0] < prev || sp[0] >= sp[1] || sp[1] > len(s) {
					t.Fatalf("Match(%+q): span %v out of order or range", s, sp)
				}
				prev = sp[1]
			}
		}
		if err := x.Add(match.Item{ID: "fuzz", Text: s}); err == nil {
			if err := x.Remove("fuzz"); err != nil {
				t.Fatal(err)
			}
		} else if !errors.Is(err, match.ErrInvalidItem) {
			t.Fatalf("Add(%+q): %v", s, err)
		}
	})
}

// FuzzReadIndex: any bytes give an index or an error, never a panic, and an
// index read from them answers queries.
func FuzzReadIndex(f *testing.F) {
	x := mustIndex(f)
	if err := x.AddBatch([]match.Item{{ID: "ur", Text: urSlogan}, {ID: "other", Text: rurOther}}); err != nil {
		f.Fatal(err)
	}
	var buf bytes.Buffer
	if _, err := x.WriteTo(&buf); err != nil {
		f.Fatal(err)
	}
	f.Add(buf.Bytes())
	f.Add(buf.Bytes()[:20])
	f.Add([]byte(magic))
	f.Fuzz(func(t *testing.T, b []byte) {
		y, err := ReadIndex(bytes.NewReader(b), 1<<20)
		if err != nil {
			return
		}
		y.Match(rurSlogan)
		y.Match(urSlogan)
	})
}
