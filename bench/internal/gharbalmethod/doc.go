// Package gharbalmethod wraps the library's match.Index as a
// textmatch.Method, kept apart from package textmatch so that the baselines
// build even while the library is being edited.
//
// # Concurrency
//
// As textmatch.Method: Build once, then Query from any goroutine
// (match.Index is safe for concurrent queries).
package gharbalmethod
