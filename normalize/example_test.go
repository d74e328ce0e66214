package normalize_test

import (
	"fmt"
	"io"
	"strings"

	"golang.org/x/text/language"

	"github.com/gharbal/gharbal/normalize"
)

func Example() {
	p, err := normalize.New(normalize.Conservative, language.Und)
	if err != nil {
		panic(err)
	}
	// Urdu keyboard, Arabic keyboard with tatweel, presentation forms with ZWNJ
	for _, s := range []string{"تحریک طالبان پاکستان", "تحـــريـــك طالبان پاكستان", "ﺗﺤﺮ\u200cﻳﻚ ﻃﺎﻟﺒﺎﻥ ﭘﺎﻛﺴﺘﺎﻥ"} {
		fmt.Println(p.String(s))
	}
	// Output:
	// تحريك طالبان پاكستان
	// تحريك طالبان پاكستان
	// تحريك طالبان پاكستان
}

func ExampleProfile_String() {
	p, _ := normalize.New(normalize.Aggressive, language.Und)
	fmt.Println(p.String("ІЅІЅ j1h4d T.T.P"))
	fmt.Println(p.String("الدولة الإسلامية باقية"))
	fmt.Println(p.String("الدوله الاسلامٮه ٮاٯٮه")) // dotless evasion
	// Output:
	// isis jihad tp
	// الدوله الاسلامٮه ٮاڡٮه
	// الدوله الاسلامٮه ٮاڡٮه
}

func ExampleProfile_AppendOffsets() {
	p, _ := normalize.New(normalize.Conservative, language.Und)
	src := []byte("Say  ﻃﺎﻟﺒﺎﻥ!")
	out, offs := p.AppendOffsets(nil, nil, src)
	// find "طالبان" in the output and highlight it in the raw input
	i := strings.Index(string(out), "طالبان")
	j := i + len("طالبان")
	end := len(src)
	if j < len(out) {
		end = int(offs[j])
	}
	fmt.Printf("%s\n%q\n", out, src[offs[i]:end])
	// Output:
	// say طالبان!
	// "ﻃﺎﻟﺒﺎﻥ"
}

func ExampleProfile_NewReader() {
	p, _ := normalize.New(normalize.Conservative, language.Urdu)
	r := p.NewReader(strings.NewReader("مےں  ہوں\u200c"))
	b, _ := io.ReadAll(r)
	fmt.Println(string(b))
	// Output: مين هون
}

func ExampleProfile_Explain() {
	p, _ := normalize.New(normalize.Aggressive, language.Und)
	prev := ""
	for _, st := range p.Explain("ﺩﺍﻋـــﺶ  J1HÂÂD") {
		if st.Output != prev { // print the steps that change something
			fmt.Println(st)
		}
		prev = st.Output
	}
	// Output:
	// input: "ﺩﺍﻋ\u0640\u0640\u0640ﺶ  J1HÂÂD"
	// canonical/nfkc: "داع\u0640\u0640\u0640ش  J1HÂÂD"
	// canonical/tatweel: "داعش  J1HÂÂD"
	// canonical/whitespace: "داعش J1HÂÂD"
	// conservative/case: "داعش j1hÂÂd"
	// conservative/diacritics: "داعش j1haad"
	// aggressive/rasm: "داعس j1haad"
	// aggressive/leetspeak: "داعس jihaad"
	// aggressive/repeats: "داعس jihad"
}

func ExampleProfile_Params() {
	p, _ := normalize.New(normalize.Conservative, language.Make("ps"), normalize.StrictYeh(true))
	fmt.Println(p.Params())
	// Output: normalize/v2 level=conservative lang=ps unicode=15.0.0 zwnj=delete strictyeh=true stem=false
}

func ExampleStrictYeh() {
	loose, _ := normalize.New(normalize.Conservative, language.Urdu)
	strict, _ := normalize.New(normalize.Conservative, language.Urdu, normalize.StrictYeh(true))
	fmt.Println(loose.String("کے کی"))
	fmt.Println(strict.String("کے کی"))
	// Output:
	// كي كي
	// كے كي
}
