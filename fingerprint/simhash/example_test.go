package simhash_test

import (
	"fmt"

	"golang.org/x/text/language"

	"github.com/gharbal/gharbal/fingerprint/shingle"
	"github.com/gharbal/gharbal/fingerprint/simhash"
	"github.com/gharbal/gharbal/normalize"
)

func Example() {
	p, err := normalize.New(normalize.Conservative, language.Und)
	if err != nil {
		panic(err)
	}
	sh, err := shingle.New(p, shingle.WithN(2))
	if err != nil {
		panic(err)
	}
	h, err := simhash.New(simhash.WithShingler(sh))
	if err != nil {
		panic(err)
	}
	a := h.SumString("join us and fight them wherever you find them until the end of days")
	b := h.SumString("JOIN us and fight them wherever you find them, until the end of days")
	d, err := a.Distance(b)
	fmt.Println(d, err)
	// Output: 0 <nil>
}

func ExampleSum() {
	features := []uint64{0x1111, 0x2222, 0x3333}
	weights := []float32{3, 1, 1} // e.g. IDF
	h := simhash.Sum(features, weights)
	fmt.Println(h.Bits() == simhash.Sum(features[:1], nil).Bits())
	// Output: true
}

func ExampleHash_Distance() {
	a := simhash.Sum([]uint64{1, 2, 3, 4}, nil)
	other, _ := simhash.New(simhash.WithSeed(9))
	_, err := a.Distance(other.Sum([]uint64{1, 2, 3, 4}, nil))
	fmt.Println(err)
	// Output: simhash: incompatible hashes
}
