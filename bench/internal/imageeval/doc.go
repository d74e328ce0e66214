// Package imageeval measures PDQ (fingerprint/pdq) on generated images and
// transformed copies of them: resize, JPEG recompression, crop, flips and
// rotations, brightness and contrast, a text overlay, and combinations.
// Unrelated generated images (same generator, other seeds) are the
// negatives.
//
// Images are drawn from a seed only (random gradients, rectangles,
// ellipses, triangles and lines), so every run sees the same pixels.
//
// # Concurrency
//
// Functions are safe for concurrent use.
package imageeval
