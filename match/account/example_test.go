package account_test

import (
	"fmt"

	"github.com/gharbal/gharbal/match/account"
)

func Example() {
	ix, err := account.NewIndex()
	if err != nil {
		panic(err)
	}
	err = ix.Add("ttp", account.Profile{
		Handle:      "TTP_Official",
		DisplayName: "Tehreek-e-Taliban Pakistan",
		Links:       []string{"https://t.me/ttp_official_channel"},
	})
	if err != nil {
		panic(err)
	}
	for _, m := range ix.Query(account.Profile{
		Handle:      "T.T.P_0fficiaI2",
		DisplayName: "تحریک طالبان پاکستان",
		Links:       []string{"t.me/s/ttp_official_channel"},
	}, 1) {
		fmt.Println(m)
	}
	// Output:
	// ttp 0.93 handle=0.80(same skeleton "tp") name=1.00(name-key tokens 1.00 (TRK TLBN BKSTN vs TRK TLBN BKSTN)) links=1.00(shared t.me/ttp_official_channel)
}

func ExampleIndex_Compare() {
	ix, err := account.NewIndex()
	if err != nil {
		panic(err)
	}
	m := ix.Compare(
		account.Profile{Handle: "umar.media.official", DisplayName: "عمر میڈیا", Links: []string{"https://t.me/s/umar_media_ur/"}},
		account.Profile{Handle: "umar_media", DisplayName: "Umar Media", Links: []string{"t.me/umar_media_ur"}},
	)
	for _, f := range m.Fields {
		if f.Weight > 0 {
			fmt.Printf("%s %.2f %s\n", f.Field, f.Score, f.Detail)
		}
	}
	fmt.Printf("combined %.2f\n", m.Score)
	// Output:
	// handle 1.00 same skeleton "umar"
	// name 1.00 name-key tokens 1.00 (AMR MDA vs AMR MDA)
	// links 1.00 shared t.me/umar_media_ur
	// combined 1.00
}
