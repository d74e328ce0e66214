package minhash_test

import (
	"fmt"

	"golang.org/x/text/language"

	"github.com/gharbal/gharbal/fingerprint/minhash"
	"github.com/gharbal/gharbal/fingerprint/shingle"
	"github.com/gharbal/gharbal/normalize"
)

func Example() {
	p, err := normalize.New(normalize.Conservative, language.Und)
	if err != nil {
		panic(err)
	}
	sh, err := shingle.New(p) // word 3-grams
	if err != nil {
		panic(err)
	}
	mh, err := minhash.New(minhash.WithShingler(sh)) // 128 values
	if err != nil {
		panic(err)
	}
	banned := mh.SumString("join us and fight them wherever you find them until the end of days")
	edited := mh.SumString("JOIN us and fight them, wherever you find them... until the end of days!!")
	other := mh.SumString("the weather in lahore is hot and humid until the end of the month")
	j1, _ := banned.Jaccard(edited)
	j2, _ := banned.Jaccard(other)
	fmt.Printf("edited copy %.2f, unrelated %.2f\n", j1, j2)
	// Output: edited copy 1.00, unrelated 0.08
}

func ExampleBandsFor() {
	bands, rows := minhash.BandsFor(128, 0.5, 0.95)
	fmt.Printf("%d bands x %d rows: P(candidate) %.3f at J=0.5, %.3f at J=0.2\n", bands, rows,
		minhash.CandidateProbability(0.5, bands, rows), minhash.CandidateProbability(0.2, bands, rows))
	// Output: 23 bands x 3 rows: P(candidate) 0.954 at J=0.5, 0.169 at J=0.2
}

func ExampleSignature_Jaccard() {
	a, _ := minhash.New()
	b, _ := minhash.New(minhash.WithSeed(7))
	_, err := a.Sum([]uint64{1, 2, 3}).Jaccard(b.Sum([]uint64{1, 2, 3}))
	fmt.Println(err != nil)
	// Output: true
}

func ExampleSignature_BandKeys() {
	mh, _ := minhash.New()
	s := mh.Sum([]uint64{11, 22, 33, 44, 55})
	keys := s.BandKeys(nil, 23, 3) // one key per band, for an LSH index
	fmt.Println(len(keys))
	// Output: 23
}
