// Package translit matches posts against banned texts written in another
// script: an Urdu, Arabic, Persian or Pashto text and its Roman Urdu or
// Arabizi transliteration (and the other way round). Such a copy shares no
// word, and so no shingle, with its original, whatever the normalization:
// match.Index cannot see it.
//
// Each text is rendered as the consonant-skeleton keys of its words
// (package normalize/namekey: مجاہدین, mujahideen and muja7ideen are all
// MJDN), and the key bigrams of item and post are compared by Jaccard
// similarity in a match.Index of their own (MinHash LSH candidates, exact
// verification, containment for passages quoted inside longer posts).
// Matches have Signal match.SignalTransliteration, and their Spans are the
// words of the post that carry the matched keys.
//
//	tr, _ := translit.NewIndex()
//	_ = tr.Add(match.Item{ID: "slogan-7", Text: "سرو کبھی نہیں جھکتا ..."})
//	ms := tr.Match("sarv kabhi nahin jhukta ...") // slogan-7, transliteration
//
// Only pairs of different scripts are reported (by the dominant script of
// each text, Arabic or Latin): same-script copies are match.Index's job,
// and its signals are far more precise for them. A service that wants both
// queries both (see the README of the repository).
//
// # Quality
//
// Keys are deliberately coarse (پھر and باہر, phir and bahar are both BR),
// so transliteration matching is a lead for review with more false matches
// than match.Index, and the threshold (DefaultThreshold, Jaccard 0.3 of key
// bigrams) is set from measurements:
//
//   - 640 posts of three sentences from the Roman Urdu / Urdu parallel
//     sentences of the shared corpora (TestParallel): recall 0.91 (Roman
//     Urdu post, Urdu item) and 0.92 (the other way round); 2.5-2.8% of the
//     queries also match another post of the set, which is built from
//     colloquial sentences around a few words, so that posts often share a
//     phrase (kaam pe dhyan do).
//   - The repository's evaluation (docs/EVAL.md, go run -C bench ./cmd/eval):
//     Arabizi copies of ur, ps, ar and fa posts recalled at 0.996, Roman
//     Urdu -> Urdu 0.91 and Urdu -> Roman Urdu 0.95, where match.Index scores
//     0; beside match.Index, one of 8,187 hard negatives matched (0.012%).
//
// Texts need MinTokens keyed words: shorter ones share keys by chance.
//
// # Cost
//
// Rendering a 50-word post costs about 18 µs and 275 allocations
// (namekey per word), a Match against 10,000 items about 23 µs
// (BenchmarkMatch): a few times a match.Index query, which is why this is a
// package of its own rather than a default signal.
//
// # Concurrency
//
// An *Index is safe for concurrent use by multiple goroutines: any number of
// Match calls may run while Add, AddBatch or Remove run (the inner
// match.Index gives the same guarantee; writers are serialized).
//
// # Stability
//
// Version covers the rendering; snapshots (WriteTo, ReadIndex) record it and
// namekey.Version, besides the inner index's own parameters, and are refused
// by a build with other versions.
//
// # Security considerations
//
// Every input is accepted: invalid UTF-8 and texts without letters match
// nothing, and only the first MaxTextBytes of a text are read. ReadIndex
// bounds what it reads and allocates as match.ReadIndex does.
package translit
