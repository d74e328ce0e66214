// Package textmatch puts the text matchers the evaluation compares behind
// one small interface: the naive approach a team would write first, the
// peer ekzhu/minhash-lsh, and gharbal itself.
//
// # Concurrency
//
// A Method is built once by one goroutine; after Build returns, Query is
// safe for concurrent use unless the method's doc says otherwise.
package textmatch
