package evasion_test

import (
	"fmt"
	"strings"

	"github.com/gharbal/gharbal/bench/internal/evasion"
)

func ExampleApply() {
	in := evasion.Input{ID: "demo/1", Lang: "ar", Script: "arabic",
		Sentences: []string{"افتتحت البلدية حديقة جديدة في وسط المدينة."}}
	t, _ := evasion.Lookup("tatweel")
	out, err := evasion.Apply(t, 1, in)
	if err != nil {
		fmt.Println(err)
		return
	}
	// The evaded post differs, and removing the tatweel gives the original.
	fmt.Println(out.Text != in.Sentences[0])
	fmt.Println(strings.ReplaceAll(out.Text, "\u0640", "") == in.Sentences[0])
	// Output:
	// true
	// true
}
