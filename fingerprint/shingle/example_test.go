package shingle_test

import (
	"fmt"

	"golang.org/x/text/language"

	"github.com/gharbal/gharbal/fingerprint/shingle"
	"github.com/gharbal/gharbal/normalize"
)

func Example() {
	p, err := normalize.New(normalize.Conservative, language.Und)
	if err != nil {
		panic(err)
	}
	sh, err := shingle.New(p, shingle.WithKind(shingle.Words), shingle.WithN(2))
	if err != nil {
		panic(err)
	}
	post := "Read THIS: the banned slogan, again."
	for _, s := range sh.AppendShingles(nil, []byte(post)) {
		fmt.Printf("%q\n", post[s.Start:s.End]) // spans are in the original post
	}
	// Output:
	// "Read THIS"
	// "THIS: the"
	// "the banned"
	// "banned slogan"
	// "slogan, again"
}

// Character shingles ignore word-boundary games such as spaced letters.
func Example_chars() {
	p, _ := normalize.New(normalize.Conservative, language.Und)
	sh, _ := shingle.New(p, shingle.WithKind(shingle.Chars), shingle.WithN(4))
	a := sh.AppendHashes(nil, []byte("bomb"))
	b := sh.AppendHashes(nil, []byte("b o m b"))
	fmt.Println(len(a), a[0] == b[0])
	// Output: 1 true
}

func ExampleWinnow() {
	p, _ := normalize.New(normalize.Conservative, language.Und)
	sh, _ := shingle.New(p, shingle.WithN(3))
	banned := "they shall never be forgiven for what they did"
	post := "so I read today that they shall never be forgiven for what they did, which is wrong"
	selB := shingle.Winnow(nil, sh.AppendShingles(nil, []byte(banned)), 4)
	selP := shingle.Winnow(nil, sh.AppendShingles(nil, []byte(post)), 4)
	for _, x := range selP {
		for _, y := range selB {
			if x.Hash == y.Hash {
				fmt.Printf("shared: %q\n", post[x.Start:x.End])
			}
		}
	}
	// Output:
	// shared: "they shall never"
	// shared: "forgiven for what"
	// shared: "what they did"
}

func ExampleShingler_NewHasher() {
	p, _ := normalize.New(normalize.Conservative, language.Und)
	sh, _ := shingle.New(p)
	h := sh.NewHasher()
	h.WriteString("one two ")
	h.WriteString("three four")
	fmt.Println(len(h.AppendHashes(nil)), len(sh.AppendHashes(nil, []byte("one two three four"))))
	// Output: 2 2
}
