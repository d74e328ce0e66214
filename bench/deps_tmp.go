package bench

import (
	_ "github.com/cespare/xxhash/v2"
	_ "github.com/ekzhu/minhash-lsh"
	_ "github.com/gharbal/gharbal/normalize"
	_ "github.com/mfonda/simhash"
	_ "gonum.org/v1/plot"
)
