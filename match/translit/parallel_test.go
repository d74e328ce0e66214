package translit

import (
	"bufio"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gharbal/gharbal/internal/shareddata"
	"github.com/gharbal/gharbal/match"
)

// TestParallel measures the index on the Roman Urdu / Urdu parallel
// sentences of the shared corpora (skipped when absent): posts of three
// consecutive sentences, the Urdu ones indexed, the Roman Urdu ones queried,
// and the other way round. It reports recall and matches to other posts and
// fails below the figures the package documents. The set is colloquial
// sentences built around a few words each, so posts of it often share a
// phrase (kaam pe dhyan do): most matches to another post are such pairs.
func TestParallel(t *testing.T) {
	f, err := os.Open(shareddata.Path(t, "text", "ur_roman_parallel.tsv"))
	require.NoError(t, err)
	defer f.Close()
	var roman, urdu []string
	sc := bufio.NewScanner(f)
	sc.Scan() // header
	for sc.Scan() {
		if p := strings.SplitN(sc.Text(), "\t", 2); len(p) == 2 {
			roman, urdu = append(roman, p[0]), append(urdu, p[1])
		}
	}
	require.NoError(t, sc.Err())
	post := func(s []string, i int) string { return strings.Join(s[3*i:3*i+3], " ") }
	n := len(roman) / 3
	for _, dir := range []struct {
		name        string
		index, plus []string
	}{{"roman->urdu", urdu, roman}, {"urdu->roman", roman, urdu}} {
		x, err := NewIndex()
		require.NoError(t, err)
		var items []match.Item
		for i := 0; i < n; i++ {
			if x.CheckText(post(dir.index, i)) == nil {
				items = append(items, match.Item{ID: fmt.Sprint(i), Text: post(dir.index, i)})
			}
		}
		require.NoError(t, x.AddBatch(items))
		found, wrong, queries := 0, 0, 0
		for _, it := range items {
			queries++
			i, err := strconv.Atoi(it.ID)
			require.NoError(t, err)
			for _, m := range x.Match(post(dir.plus, i)) {
				if m.ItemID == it.ID {
					found++
				} else {
					wrong++
				}
			}
		}
		recall := float64(found) / float64(queries)
		t.Logf("%s: %d posts of 3 sentences, recall %.3f, %d matches to another post", dir.name, queries, recall, wrong)
		if recall < 0.85 || wrong > queries/20 {
			t.Errorf("%s: recall %.3f (want >= 0.85), %d matches to other posts (want <= %d)", dir.name, recall, wrong, queries/20)
		}
	}
}
