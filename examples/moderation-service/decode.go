package main

import (
	"bytes"
	"fmt"
	"image"
	_ "image/gif" // the formats accepted for upload: GIF, JPEG, PNG
	_ "image/jpeg"
	_ "image/png"
	"io"
	"net/http"
)

// decodeImage decodes an untrusted upload: it reads the header first and
// refuses images of more than maxPixels pixels before allocating them, and
// turns a decoder panic into an error.
func decodeImage(r *bytes.Reader, maxPixels int64) (img image.Image, err error) {
	cfg, format, err := image.DecodeConfig(r)
	if err != nil {
		return nil, badRequest(http.StatusUnprocessableEntity, "image: not a PNG, JPEG or GIF image (%v)", err)
	}
	if cfg.Width <= 0 || cfg.Height <= 0 {
		return nil, badRequest(http.StatusUnprocessableEntity, "image: empty %s image", format)
	}
	if int64(cfg.Width)*int64(cfg.Height) > maxPixels {
		return nil, badRequest(http.StatusRequestEntityTooLarge, "image: %dx%d pixels is more than the limit of %d", cfg.Width, cfg.Height, maxPixels)
	}
	if _, err := r.Seek(0, io.SeekStart); err != nil {
		return nil, err
	}
	defer func() {
		if p := recover(); p != nil {
			img, err = nil, badRequest(http.StatusUnprocessableEntity, "image: %s decoder failed: %v", format, p)
		}
	}()
	img, _, err = image.Decode(r)
	if err != nil {
		return nil, badRequest(http.StatusUnprocessableEntity, "image: %v", fmt.Errorf("decoding %s: %w", format, err))
	}
	return img, nil
}
