package handle_test

import (
	"fmt"

	"github.com/gharbal/gharbal/normalize/handle"
)

func Example() {
	n, err := handle.New()
	if err != nil {
		panic(err)
	}
	for _, h := range []string{"TTP_Official", "T.T.P_0fficiaI2", "ttp.officiall"} {
		fmt.Println(n.Normalize(h).Skeleton)
	}
	fmt.Println(n.Normalize("T.T.P_0fficiaI2").Explain())
	// Output:
	// tp
	// tp
	// tp
	// kept "ttp" (skeleton tp, key TB); stripped separator ".", separator ".", separator "_", digits "2", affix "officiai"; folded leet 0→o, repeat tt
}
