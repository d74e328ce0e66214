package account

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"sync"
	"testing"

	"github.com/gharbal/gharbal/fingerprint/pdq"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func mustHash(t testing.TB, s string) pdq.Hash {
	h, err := pdq.ParseHex(s)
	require.NoError(t, err)
	return h
}

const avatarHex = "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22"

func ttpProfile(t testing.TB) Profile {
	return Profile{
		Handle:      "TTP_Official",
		DisplayName: "Tehreek-e-Taliban Pakistan",
		Bio:         "Official channel of Tehreek-e-Taliban Pakistan. Statements, videos and news in Urdu and Pashto.",
		AvatarPDQ:   mustHash(t, avatarHex),
		Links:       []string{"https://t.me/ttp_official_channel"},
	}
}

func newTestIndex(t testing.TB) *Index {
	ix, err := NewIndex()
	require.NoError(t, err)
	require.NoError(t, ix.Add("ttp", ttpProfile(t)))
	require.NoError(t, ix.Add("umar", Profile{Handle: "umar_media", DisplayName: "Umar Media", Bio: "Umar Media: videos and statements, Urdu and Pashto."}))
	require.NoError(t, ix.Add("other", Profile{Handle: "cricket_lover", DisplayName: "Cricket Lover", Bio: "Karachi Kings all the way."}))
	return ix
}

func TestMirrorFound(t *testing.T) {
	ix := newTestIndex(t)
	av := mustHash(t, avatarHex)
	av[0] ^= 0x0f // a re-encoded avatar: 4 bits differ
	for _, q := range []Profile{
		{Handle: "T.T.P_0fficiaI2", DisplayName: "تحریک طالبان پاکستان", AvatarPDQ: av},
		{Handle: "ttp.officiall", Bio: "Backup account. Official channel of Tehreek-e-Taliban Pakistan. Statements and news in Urdu and Pashto."},
		{Handle: "tehreek_e_taliban", DisplayName: "Tehrik-i-Taliban Pakistan", Links: []string{"t.me/s/ttp_official_channel/"}},
	} {
		ms := ix.Query(q, 0)
		if assert.NotEmpty(t, ms, "Query(%+v) found nothing", q) {
			assert.Equal(t, "ttp", ms[0].ID, "Query(%+v)[0] = %v", q, ms[0])
			assert.GreaterOrEqual(t, ms[0].Score, DefaultThreshold)
			assert.Len(t, ms[0].Fields, int(numFields))
		}
	}
	assert.Empty(t, ix.Query(Profile{Handle: "karachi_kings", DisplayName: "Karachi Kings"}, 0))
	assert.Empty(t, ix.Query(Profile{}, 0), "empty query")
}

func TestExplanation(t *testing.T) {
	ix := newTestIndex(t)
	m := ix.Compare(Profile{Handle: "T.T.P_0fficiaI2", DisplayName: "تحریک طالبان پاکستان"}, ttpProfile(t))
	s := m.String()
	for _, want := range []string{`handle=0.80(same skeleton "tp")`, "name=1.00(name-key tokens 1.00 (TRK TLBN BKSTN vs TRK TLBN BKSTN))"} {
		assert.Contains(t, s, want, "Compare(...).String() = %s", s)
	}
	assert.NotContains(t, s, "bio=", "a field missing on one side is not shown")
	// Weighted mean over the present fields, shrunk by the minimum evidence.
	w := DefaultWeights
	want := (w[HandleField]*m.Fields[HandleField].Score + w[NameField]*m.Fields[NameField].Score) / math.Max(w[HandleField]+w[NameField], DefaultMinEvidence)
	assert.InDelta(t, want, m.Score, 1e-12)
	assert.Zero(t, m.Fields[BioField].Weight)
}

func TestAddRemove(t *testing.T) {
	ix := newTestIndex(t)
	assert.Equal(t, 3, ix.Len())
	assert.ErrorIs(t, ix.Add("", ttpProfile(t)), ErrEmptyID)
	assert.ErrorIs(t, ix.Add("x", Profile{Handle: "___", DisplayName: "  "}), ErrEmptyProfile)
	q := Profile{Handle: "ttp_official2"}
	require.NotEmpty(t, ix.Query(q, 0))
	assert.True(t, ix.Remove("ttp"))
	assert.False(t, ix.Remove("ttp"))
	assert.Empty(t, ix.Query(q, 0), "after Remove")
	assert.Equal(t, 2, ix.Len())
	// Replacing a profile drops its old retrieval keys.
	require.NoError(t, ix.Add("umar", Profile{Handle: "someone_else"}))
	assert.Empty(t, ix.Query(Profile{Handle: "umar_media_official"}, 0))
	assert.Empty(t, ix.post["h:umarmedla"], "stale posting")
}

func TestOptions(t *testing.T) {
	for _, o := range []Option{
		WithWeights(Weights{}), WithWeights(Weights{HandleField: -1, NameField: 1}), WithWeights(Weights{HandleField: math.NaN()}),
		WithThreshold(-0.1), WithThreshold(1.5), WithThreshold(math.NaN()), WithMinEvidence(-1), WithMinEvidence(math.Inf(1)), nil,
	} {
		_, err := NewIndex(o)
		assert.True(t, errors.Is(err, ErrInvalidOption), "NewIndex(bad) error = %v", err)
	}
	ix, err := NewIndex(WithWeights(Weights{AvatarField: 1}), WithThreshold(0.9), WithMinEvidence(0))
	require.NoError(t, err)
	require.NoError(t, ix.Add("ttp", ttpProfile(t)))
	assert.Empty(t, ix.Query(Profile{Handle: "ttp_official"}, 0), "avatar-only weights ignore handles")
	assert.NotEmpty(t, ix.Query(Profile{AvatarPDQ: mustHash(t, avatarHex)}, 0))
	p := ix.Params()
	assert.Equal(t, 0.9, p.Threshold)
	assert.Equal(t, Version, p.Version)
}

func TestLimits(t *testing.T) {
	ix := newTestIndex(t)
	long := Profile{
		Handle:      strings.Repeat("ttp_", 1000),
		DisplayName: strings.Repeat("تحریک ", 1000),
		Bio:         strings.Repeat("statements ", 10000),
		Links:       make([]string, 1000),
	}
	for i := range long.Links {
		long.Links[i] = fmt.Sprintf("example.org/%d", i)
	}
	f := ix.feat.extract(long)
	assert.LessOrEqual(t, len(f.links), MaxLinks)
	_ = ix.Query(long, 3) // bounded, no panic
	assert.Equal(t, "t.me/x", normalizeLink("HTTPS://www.Telegram.me/x/?utm=1#top"))
	assert.Equal(t, "t.me/x", normalizeLink("t.me/s/x"))
}

// TestConcurrent backs the claim that an Index is safe for concurrent use:
// queries run while profiles are added and removed.
func TestConcurrent(t *testing.T) {
	ix := newTestIndex(t)
	var wg sync.WaitGroup
	for g := 0; g < 4; g++ {
		wg.Add(2)
		go func() {
			defer wg.Done()
			for i := 0; i < 50; i++ {
				ms := ix.Query(Profile{Handle: "ttp.officiall"}, 1)
				if len(ms) != 1 || ms[0].ID != "ttp" {
					t.Errorf("concurrent Query = %v", ms)
					return
				}
			}
		}()
		go func() {
			defer wg.Done()
			for i := 0; i < 50; i++ {
				id := fmt.Sprintf("g%d-%d", g, i)
				if err := ix.Add(id, Profile{Handle: fmt.Sprintf("user_%d_%d", g, i)}); err != nil {
					t.Error(err)
					return
				}
				ix.Remove(id)
			}
		}()
	}
	wg.Wait()
	assert.Equal(t, 3, ix.Len())
}

func FuzzQuery(f *testing.F) {
	f.Add("T.T.P_0fficiaI2", "تحریک طالبان", "Official channel", "t.me/ttp")
	f.Add("", "", "", "")
	f.Add("\xff_\xfe", "ﺩﺍﻋﺶ", "\u200c", "://")
	ix, err := NewIndex()
	if err != nil {
		f.Fatal(err)
	}
	if err := ix.Add("ttp", ttpProfile(f)); err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, h, name, bio, link string) {
		q := Profile{Handle: h, DisplayName: name, Bio: bio, Links: []string{link}}
		for _, m := range ix.Query(q, 0) {
			if !(m.Score >= 0 && m.Score <= 1) {
				t.Fatalf("Query(%+v) score %v outside [0, 1]", q, m.Score)
			}
			for _, fs := range m.Fields {
				if !(fs.Score >= 0 && fs.Score <= 1) {
					t.Fatalf("Query(%+v) field %v score %v outside [0, 1]", q, fs.Field, fs.Score)
				}
			}
		}
	})
}

func BenchmarkQuery(b *testing.B) {
	ix, err := NewIndex()
	if err != nil {
		b.Fatal(err)
	}
	for i := 0; i < 1000; i++ {
		p := ttpProfile(b)
		p.Handle = fmt.Sprintf("account_%d", i)
		p.DisplayName = fmt.Sprintf("Name %d Person", i)
		p.Bio = fmt.Sprintf("bio number %d of a known account", i)
		p.AvatarPDQ[i%32] ^= byte(i)
		p.AvatarPDQ[(i+7)%32] ^= 0xff
		p.Links = []string{fmt.Sprintf("example.org/%d", i)}
		if err := ix.Add(fmt.Sprint(i), p); err != nil {
			b.Fatal(err)
		}
	}
	if err := ix.Add("ttp", ttpProfile(b)); err != nil {
		b.Fatal(err)
	}
	q := Profile{Handle: "T.T.P_0fficiaI2", DisplayName: "تحریک طالبان پاکستان", Bio: "Backup. Official channel of Tehreek-e-Taliban Pakistan."}
	b.ReportAllocs()
	for b.Loop() {
		_ = ix.Query(q, 5)
	}
}
