package translit_test

import (
	"fmt"

	"github.com/gharbal/gharbal/match"
	"github.com/gharbal/gharbal/match/translit"
)

func Example() {
	tr, err := translit.NewIndex()
	if err != nil {
		panic(err)
	}
	err = tr.Add(match.Item{ID: "slogan-7", Label: "cypress-front",
		Text: "سرو کبھی نہیں جھکتا۔ ہمارا قافلہ پہاڑوں کی طرف رواں ہے اور ہر نوجوان کو اس قافلے میں شامل ہونے کی دعوت دی جاتی ہے۔"})
	if err != nil {
		panic(err)
	}
	post := "yeh dekho: sarv kabhi nahin jhukta. hamara qafila paharon ki taraf rawan hai aur har naujawan ko is qafile mein shamil hone ki dawat di jati hai"
	for _, m := range tr.Match(post) {
		fmt.Printf("%s %s %.2f\n", m.ItemID, m.Signal, m.Score)
		for _, sp := range m.Spans {
			fmt.Printf("  %q\n", post[sp[0]:sp[1]])
		}
	}
	fmt.Println(tr.Render("sarv kabhi nahin"))
	fmt.Println(tr.Render("سرو کبھی نہیں"))
	// Output:
	// slogan-7 transliteration 0.96
	//   "sarv kabhi nahin jhukta. hamara qafila paharon ki taraf rawan hai aur har naujawan ko is qafile mein shamil hone ki dawat di jati"
	// qsra qsra qkba qkba qnn qnn
	// qsra qsra qkba qkba qnn qnn
}
