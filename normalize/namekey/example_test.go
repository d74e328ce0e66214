package namekey_test

import (
	"fmt"

	"github.com/gharbal/gharbal/normalize/namekey"
)

func Example() {
	k, err := namekey.New()
	if err != nil {
		panic(err)
	}
	for _, name := range []string{"mujahideen", "moudjahidine", "muja7ideen", "مجاہدین", "Daech", "داعش"} {
		fmt.Println(name, k.Key(name))
	}
	fmt.Println(k.Key("Tehrik-i-Taliban").Matches(k.Key("تحریک طالبان")))
	// Output:
	// mujahideen MJDN {MJD}
	// moudjahidine MJDN
	// muja7ideen MJDN {MJD}
	// مجاہدین MJDN
	// Daech DC {DS}
	// داعش DS
	// true
}

func ExampleKeyer_Tokens() {
	k, _ := namekey.New()
	for _, t := range k.Tokens("Jama'at al-Ahrar") {
		fmt.Println(t)
	}
	// Output:
	// JMT {JMA}
	// ARR
}
