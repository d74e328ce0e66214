package bench
import (
 _ "github.com/gharbal/gharbal/normalize"
 _ "github.com/ekzhu/minhash-lsh"
 _ "github.com/mfonda/simhash"
 _ "gonum.org/v1/plot"
 _ "github.com/cespare/xxhash/v2"
)
