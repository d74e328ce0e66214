package evalrun

import (
	"bytes"
	"fmt"
	"math"
	"strings"

	"github.com/gharbal/gharbal/fingerprint/pdq"
	"github.com/gharbal/gharbal/match"
)

// candProb is the LSH candidate probability 1-(1-j^rows)^bands.
func candProb(j float64, bands, rows int) float64 {
	return 1 - math.Pow(1-math.Pow(j, float64(rows)), float64(bands))
}

// whyMissed explains, per technique, the usual cause of gharbal's misses and
// what would fix it. A note is printed only for techniques whose rows miss
// their target (or fall below 0.95 when they have none) in this run.
var whyMissed = map[string]string{
	"leet": "The aggressive normalizer maps leetspeak back (`f!9h73r5` → `fighters`); `1`, `!` and `|` read as i, and i and l share one skeleton letter, so `1o7s` and `lots` meet; tokens of one or two digits read as the short words leetspeak writes with them (`4` a, `1` I, `47` at). " +
		"What remains: a final `!` standing for i (`dukh!` for dukhi) is read as an exclamation mark, which punctuation noise needs, and digit-only words of three or more digits stay numbers.",
	"casepunct": "A single `_`, `*` or `~` between two letters of the same script is deleted, but `.`, `-`, `,`, `:` and the Arabic comma inside a word (`ر.نگی`, `o-piNiOn`) still split it, because real text writes word boundaries with them and no space (`will.be`, `Tehrik-e-Taliban`, Pashto `و،چې`). " +
		"Fix: delete those marks only inside a word that the lexicon of the banned set knows, or index both readings.",
	"spaced":  "Re-joining spaced letters also swallows a neighbouring one-letter word: `W-H-A-T A GREAT` becomes `whata great`, and Arabic `م·ك·ت·ب·ة أ` takes the following `أ` into the word. Fix: join a run of single letters only while the separator stays the same, and stop at a change of separator (a space after dashes or dots).",
	"reorder": "Reordering the sentences of a short item (two sentences, 12-15 words) replaces the shingles that span a sentence boundary, a large share of its few shingles; the misses have a naive Jaccard of 0.4-0.7 and are either below 0.5 on gharbal's tokens or not LSH candidates. Fix: do not let shingles span sentence-final punctuation, so that reordering keeps every shingle.",
	"wordedit": fmt.Sprintf("Word edits are generated down to a naive-tokenization Jaccard of 0.5-0.7, so the naive baseline recalls every one by construction (its rule is J >= 0.5 on that very measure). Most of gharbal's misses are never candidates: its LSH stage (%d bands x %d rows) makes a pair at J = 0.5 a candidate with probability %.3f, not 1 (an index with every threshold lowered to 0.05 finds nothing for them either); a few fall just under 0.5 on gharbal's own normalized tokens. "+
		"Fix, if this row matters more than query cost: more bands (%d x %d gives %.3f at J = 0.5).",
		match.DefaultBands, match.DefaultRows, candProb(0.5, match.DefaultBands, match.DefaultRows),
		2*match.DefaultBands, match.DefaultRows, candProb(0.5, 2*match.DefaultBands, match.DefaultRows)),
	"quote": fmt.Sprintf("Containment needs at least %d of the item's shingles inside the post (`match.DefaultMinContainedShingles`). A short item (12-14 words, such as a tweet) quoted at 60%% leaves fewer, so it can only match by Jaccard, which the surrounding text pushes below the threshold. "+
		"Fix: scale the minimum with the item's size (for example min(%d, 60%% of the item's shingles)), keeping the false-match check on the hard negatives.", match.DefaultMinContainedShingles, match.DefaultMinContainedShingles),
	"arabizi":                       "The whole post is rewritten in chat Latin. match.Index has no transliteration channel, so Latin and Arabic-script posts share no shingles. Package match/translit is that channel (the consonant-skeleton keys of normalize/namekey, compared as key bigrams; opt-in, beside match.Index): see its row in the Ablations table.",
	"translit roman->ur":            "As for Arabizi: no shared shingles across scripts in match.Index; match/translit finds these (Ablations table).",
	"translit ur->roman":            "As for Arabizi: no shared shingles across scripts in match.Index; match/translit finds these (Ablations table).",
	"all-char":                      "Every character-level technique at once; the misses compound those of leet, casepunct and (in capitals) homoglyphs. Not a target of the issue: shown to locate the limit.",
	"homoglyph+fullwidth+casepunct": "With the post in capitals, Greek capitals are lower-cased before the confusable map (Η → η, read as n; Ε → ε), so `ΤΗΕ` folds to `tnc`. Fix: apply the confusable skeleton before case folding, or map capital and small Greek/Cyrillic letters separately.",
	"quote+homoglyph+casepunct":     "Capitals with Greek look-alikes (see the row above) and punctuation inside words inside a quoted passage: each leaves fewer intact shingles than containment needs.",
	"leet+spaced+repeat":            "The leet misses (above) plus letters spaced with separators that are themselves leet symbols.",
	"reorder+casepunct+repeat":      "The casepunct misses (above): punctuation inside words splits them.",
	"wordedit+invisible+repeat":     "The word-edit misses (above): the edit leaves the post near J = 0.5.",
}

func writeNotes(b *bytes.Buffer, tr *TextResult, sums []Summary, g int, baselines []int, ir *ImageResult) {
	w := func(format string, a ...any) { fmt.Fprintf(b, format, a...) }
	w("## Closing note: what is missed, why, and what would fix it\n\n")
	w("The list is generated from this run's figures; the causes are written by hand from the misses and the library as of the last edit of `bench/internal/evalrun/notes.go` (`go run -C bench ./cmd/eval -misses 3` prints gharbal's missed posts per technique and its false matches, to check them after a library change).\n\n")
	langs := LangOrder(tr)
	targetFor := func(t string) (float64, bool) {
		for _, c := range TargetChar {
			if c == t {
				return 0.99, true
			}
		}
		if t == "wordedit" || t == "quote" {
			return 0.95, true
		}
		return 0.95, false
	}
	any := false
	for _, t := range TechOrder(tr) {
		goal, isTarget := targetFor(t)
		var rows []string
		for _, l := range langs {
			c := sums[g].ByTechLang[[2]string{t, l}]
			if c == nil || c.N == 0 {
				continue
			}
			r := c.Recall()
			behind := false
			for _, bi := range baselines {
				if bc := sums[bi].ByTechLang[[2]string{t, l}]; bc != nil && bc.Recall() > r {
					behind = true
				}
			}
			if r < goal || behind {
				s := fmt.Sprintf("%s %.3f", l, r)
				if behind {
					s += " (behind a baseline)"
				}
				rows = append(rows, s)
			}
		}
		if len(rows) == 0 {
			continue
		}
		any = true
		kind := "not a target of the issue"
		if isTarget {
			kind = fmt.Sprintf("target %.2f", goal)
		}
		why := whyMissed[t]
		if why == "" {
			why = "No diagnosis recorded yet: list the misses with -misses."
		}
		w("- **%s** (%s; %s): %s\n", t, kind, strings.Join(rows, ", "), why)
	}
	if fmr := sums[g].FalseMatchRate(); fmr > 0.001 {
		any = true
		w("- **false matches** (%s of hard negatives, target 0.1%%): list them with -misses; negatives that share long boilerplate with an item (agency bylines, hashtags, formulae) are the usual cause.\n", ratePct(fmr))
	}
	if !any {
		w("- Every text row meets its target and no baseline is ahead of gharbal on any row.\n")
	}
	if ir != nil {
		th := pdq.MatchThreshold
		var weak []string
		for ti, t := range ir.Transforms {
			var c Cell
			for _, o := range ir.Pos[ti] {
				c.add(o.Dihedral <= th)
			}
			if c.Recall() < 0.95 {
				weak = append(weak, fmt.Sprintf("%s %.3f", t.Name, c.Recall()))
			}
		}
		if len(weak) > 0 {
			w("- **images** (no recall target in the issue; dihedral recall below 0.95: %s): PDQ hashes the whole frame, so crops move and rescale every DCT basis function (5%% off each side already moves copies far beyond %d bits), and a caption band darkening 10%% of the height changes enough low-frequency energy to push part of the copies past the threshold. Rotations and flips are recovered by the dihedral hashes; plain hashes miss them. Fix: index a few extra hashes per banned image (centre crops at 90%% and 80%%, the image without its top and bottom 15%%) and query with the dihedral set; the false-match figures above show there is room (no unrelated image came near the threshold).\n", strings.Join(weak, ", "), th)
		}
	}
	w("\n")
}
