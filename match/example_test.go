package match_test

import (
	"bytes"
	"fmt"
	"image"
	"image/png"
	"os"
	"strings"

	"github.com/gharbal/gharbal/fingerprint/pdq"
	"github.com/gharbal/gharbal/match"
)

func ExampleIndex_MatchText() {
	ix, err := match.NewIndex()
	if err != nil {
		panic(err)
	}
	err = ix.Add(match.Item{
		ID:    "slogan-17",
		Label: "cypress-front",
		Text:  "the cypress never bows and our caravan marches towards the mountains at dawn",
	})
	if err != nil {
		panic(err)
	}
	// An edited copy, quoted inside a longer post.
	post := "look what they wrote: THE CYPRESS never bows and our caravan marches to the mountains at dawn!! unbelievable, reported."
	for _, m := range ix.MatchText(post) {
		fmt.Printf("%s %s %.2f\n", m.ItemID, m.Signal, m.Score)
		for _, sp := range m.Spans {
			fmt.Printf("  %q\n", post[sp[0]:sp[1]])
		}
	}
	fmt.Println(len(ix.MatchText("the weather in the mountains is lovely at dawn this week")))
	// Output:
	// slogan-17 containment 0.73
	//   "THE CYPRESS never bows and our caravan marches"
	//   "the mountains at dawn"
	// 0
}

func ExampleReadIndex() {
	ix, _ := match.NewIndex()
	ix.Add(match.Item{ID: "a", Text: "one two three four five six seven eight nine ten"})
	var snap bytes.Buffer
	if _, err := ix.WriteTo(&snap); err != nil {
		panic(err)
	}
	replica, err := match.ReadIndex(&snap, 1<<30)
	if err != nil {
		panic(err)
	}
	fmt.Println(replica.Len(), replica.Seq(), replica.MatchText("One two three four five six seven eight nine ten")[0].ItemID)
	// Output: 1 1 a
}

func ExampleReadHashList() {
	list := `signal_type,signal,id,label
pdq,f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22,img-1,ttp
md5,0cc175b9c0f1b6a831c399e269772661,file-2,ttp
pdq,not-a-hash,img-3,ttp
`
	items, bad, err := match.ReadHashList(strings.NewReader(list), match.ListOptions{SkipInvalid: true})
	if err != nil {
		panic(err)
	}
	for _, it := range items {
		fmt.Println(it.ID, len(it.PDQ), len(it.MD5))
	}
	for _, b := range bad {
		fmt.Println("skipped line", b.Line)
	}
	// Output:
	// img-1 1 0
	// file-2 0 16
	// skipped line 4
}

func ExampleIndex_Apply() {
	writer, _ := match.NewIndex()
	var log bytes.Buffer
	lw := match.NewLogWriter(&log)
	for _, e := range []match.LogEntry{
		{Op: match.OpAdd, Item: match.Item{ID: "a", MD5: bytes.Repeat([]byte{1}, 16)}},
		{Op: match.OpAdd, Item: match.Item{ID: "b", MD5: bytes.Repeat([]byte{2}, 16)}},
		{Op: match.OpRemove, ID: "a"},
	} {
		e.Seq = writer.Seq() + 1
		if err := writer.Apply(e); err != nil {
			panic(err)
		}
		lw.Append(e)
	}
	replica, _ := match.NewIndex()
	lr := match.NewLogReader(&log, 1<<20)
	for {
		e, err := lr.Next()
		if err != nil {
			break
		}
		replica.Apply(e)
	}
	fmt.Println(replica.Seq(), replica.Len(), replica.Items()[0].ID)
	// Output: 3 1 b
}

func ExampleBuilder() {
	b, err := match.NewBuilder()
	if err != nil {
		panic(err)
	}
	posts := []string{
		"the cypress never bows and our caravan marches towards the mountains at dawn",
		"join the caravan before the winter closes the mountain passes to the north",
	}
	for i, p := range posts {
		if err := b.Add(match.Item{ID: fmt.Sprint("post-", i), Label: "cypress-front", Text: p}); err != nil {
			panic(err)
		}
	}
	ix, err := b.Build()
	if err != nil {
		panic(err)
	}
	m := ix.MatchText("JOIN the caravan before winter closes the mountain passes to the north!")[0]
	fmt.Println(ix.Len(), m.ItemID, m.Signal)
	// Output: 2 post-1 text
}

func ExamplePDQQuery() {
	f, err := os.Open("../testdata/sample/images/poster-tree.png")
	if err != nil {
		panic(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		panic(err)
	}
	h := pdq.NewHasher()
	variants, err := match.PDQQuery(h, img, pdq.MinQuality)
	if err != nil {
		panic(err)
	}
	ix, _ := match.NewIndex()
	ix.Add(match.Item{ID: "poster", PDQ: variants[:1]}) // index the original
	// A mirrored copy is found through its dihedral variants.
	b := img.Bounds()
	mirror := image.NewRGBA(b)
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			mirror.Set(b.Max.X-1-(x-b.Min.X), y, img.At(x, y))
		}
	}
	q, err := match.PDQQuery(h, mirror, pdq.MinQuality)
	if err != nil {
		panic(err)
	}
	ms := ix.Match(match.Query{PDQ: q})
	fmt.Println(len(variants), ms[0].ItemID, ms[0].Signal, ms[0].Distance)
	// Output: 8 poster pdq 14
}
