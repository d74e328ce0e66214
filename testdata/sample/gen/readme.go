package main

import (
	"bytes"
	"fmt"
	"strings"
)

const readmeIntro = `# Sample data: the "Cypress Front"

**The group is fictional.** The "Cypress Front" (محاذِ سرو in Urdu, جبهة السرو in
Arabic, د سرو محاذ in Pashto, Mahaz-e-Sarv in Roman Urdu) was invented for these
samples, and its "announcements" are bland slogans about a cypress that never bows and
a caravan heading for the mountains. No real group's text is reproduced here, and
nothing in it is operational.

Everything in this folder is written by [gen/](gen) (texts, evasions and pictures), so
the files can be regenerated and checked:

    go generate ./testdata/sample/gen        # rewrite every file, this README included
    go run ./testdata/sample/gen -check      # exit 1 if a committed file differs

| file | shape | what |
|---|---|---|
| items.jsonl | ` + "`" + `{"id","label","text"?,"image"?}` + "`" + ` per line (the input of ` + "`" + `gharbal index build` + "`" + `) | the banned set: 8 texts in 5 languages, 2 posters |
| posts.jsonl | ` + "`" + `{"id","text"?,"image"?}` + "`" + ` per line (the input of ` + "`" + `gharbal match` + "`" + `) | the sample posts below |
| expected.jsonl | ` + "`" + `{"post","items","quote"?,"note"}` + "`" + ` per line | what a correct matcher reports for each post; ` + "`" + `quote` + "`" + ` is the byte span of a quoted passage in the post's text, which the match's highlighted span must cover |
| images/ | PNG and JPEG | posters (items) and edited copies and innocent pictures (posts) |

Image paths are relative to this folder. Invisible characters (zero-width
characters, the byte-order mark) and tatweel are written as ` + "`" + `\uXXXX` + "`" + ` escapes in the
JSON so that they show in a diff. examples/quickstart's test asserts every line of
expected.jsonl: each evasive copy is found with the right item, and no innocent post is
flagged.

`

func readme() []byte {
	var b bytes.Buffer
	b.WriteString(readmeIntro)
	b.WriteString("## The banned set (items.jsonl)\n\n| id | label | content |\n|---|---|---|\n")
	for _, it := range items {
		content := it.Text
		if it.Image != "" {
			content = fmt.Sprintf("![%s](%s) %s", it.ID, it.Image, it.Image)
		}
		fmt.Fprintf(&b, "| %s | %s | %s |\n", it.ID, it.Label, content)
	}
	b.WriteString("\n## The sample posts (posts.jsonl) and what each should match\n\n| post | should match | how it was made |\n|---|---|---|\n")
	for _, p := range posts() {
		want := "nothing (innocent)"
		if len(p.Want) > 0 {
			want = strings.Join(p.Want, ", ")
		}
		note := p.Note
		if p.Quote != nil {
			note += fmt.Sprintf("; the quote is bytes %d–%d of the text", p.Quote[0], p.Quote[1])
		}
		fmt.Fprintf(&b, "| %s | %s | %s |\n", p.ID, want, note)
	}
	b.WriteString(`
## How the pictures were made

The posters are drawn with anti-aliased shapes over a gradient, plus a seeded
block texture (gen/images.go): no fonts, no randomness that differs between runs. The
edited copies are made from them in gen/ too: area-averaged downscaling, cropping,
mirroring, a brightness and contrast change, and JPEG re-encoding at the quality named in the
table.

PDQ, like every perceptual hash of the whole picture, tolerates re-encoding,
rescaling and colour changes far better than cropping: on these posters, cropping
1% from every edge moves the hash by 16–20 bits, 2% by 38–40 and 3% by 58–62,
beyond the match threshold of 31. Crops larger than a few percent need other
signals (the caption's text, or hashes of the known crops).

PNGs are checked by pixels and JPEGs by bytes (a future Go's JPEG encoder may
legitimately produce different bytes; regenerate then).
`)
	return b.Bytes()
}
