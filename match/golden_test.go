package match

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"flag"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gharbal/gharbal/fingerprint/pdq"
)

var update = flag.Bool("update", false, "rewrite testdata/golden.txt")

var goldenTexts = []string{
	"the quick brown fox jumps over the lazy dog while the cat sleeps on the warm mat",
	"long live the group",
	"محاذِ سرو کا اعلان: سرو کبھی نہیں جھکتا۔ ہمارا قافلہ پہاڑوں کی طرف رواں ہے",
	"د سرو محاذ اعلان: سرو هېڅکله نه ټيټېږي، زموږ کاروان د غرونو په لور روان دی",
	"جبهة السرو تعلن: السرو لا ينحني أبدا وقافلتنا تسير نحو الجبال عند الفجر",
}

// TestGolden pins the text fingerprints and the snapshot bytes of the
// default parameters. A change here means every stored index changes: bump
// SnapshotVersion (or the normalize / shingle / minhash version whose output
// changed) and run go test ./match -run Golden -update.
func TestGolden(t *testing.T) {
	ix := newTestIndex(t)
	var sb strings.Builder
	fmt.Fprintf(&sb, "# match snapshot v%d, %s\n", SnapshotVersion, describeBuild(ix.Params()))
	sc := new(scratch)
	for i, text := range goldenTexts {
		ix.fp.fingerprint(sc, text)
		fp := &sc.fp
		fmt.Fprintf(&sb, "text %d kind=%d short=%08x set=%d", i, fp.kind, fp.shortKey, len(fp.set))
		if len(fp.set) > 0 {
			fmt.Fprintf(&sb, " set[0]=%06x", fp.set[0])
		}
		sb.WriteString(" bands=")
		for _, k := range fp.bands {
			fmt.Fprintf(&sb, "%08x,", k)
		}
		sb.WriteString(" win=")
		for _, k := range fp.win {
			fmt.Fprintf(&sb, "%08x,", k)
		}
		sb.WriteString("\n")
		require.NoError(t, ix.Add(Item{ID: fmt.Sprint("t", i), Label: "golden", Text: text}))
	}
	require.NoError(t, ix.Add(Item{ID: "img", PDQ: []pdq.Hash{{1, 2, 3}}, MD5: make([]byte, 16), Meta: map[string]string{"k": "v"}}))
	var snap bytes.Buffer
	_, err := ix.WriteTo(&snap)
	require.NoError(t, err)
	sum := sha256.Sum256(snap.Bytes())
	fmt.Fprintf(&sb, "snapshot %d bytes sha256 %s\n", snap.Len(), hex.EncodeToString(sum[:]))
	got := sb.String()
	if *update {
		require.NoError(t, os.WriteFile("testdata/golden.txt", []byte(got), 0o644))
		require.NoError(t, os.WriteFile("testdata/small.ghx", snap.Bytes(), 0o644))
	}
	want, err := os.ReadFile("testdata/golden.txt")
	require.NoError(t, err, "run go test -run Golden -update to create it")
	assert.Equal(t, string(want), got, "fingerprints or snapshot bytes changed: bump the version whose output changed, then -update")
}
