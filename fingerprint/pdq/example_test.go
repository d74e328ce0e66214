package pdq_test

import (
	"fmt"
	"image"
	"image/color"

	"github.com/gharbal/gharbal/fingerprint/pdq"
)

// picture returns a w x h test picture: colour gradients, a dark disc and
// a light bar.
func picture(w, h int) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			c := color.RGBA{uint8(x * 255 / w), uint8(y * 255 / h), 128, 255}
			if dx, dy := x-w/3, y-h/2; dx*dx+dy*dy < h*h/9 {
				c = color.RGBA{30, 20, 60, 255}
			}
			if x > w*2/3 && x < w*3/4 {
				c = color.RGBA{240, 240, 200, 255}
			}
			img.SetRGBA(x, y, c)
		}
	}
	return img
}

func Example() {
	img := picture(256, 192)
	h, quality, err := pdq.Sum(img)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(h, quality)

	// A copy with a few pixels changed still matches.
	edited := picture(256, 192)
	for x := range 40 {
		edited.SetRGBA(x, 100, color.RGBA{255, 0, 0, 255})
	}
	h2, _, _ := pdq.Sum(edited)
	d := h.Distance(h2)
	fmt.Println(d <= pdq.MatchThreshold, quality >= pdq.MinQuality)
	// Output:
	// ec711b8ee2719c8e2391ec761b8e2371cc8e1b916276ec8e9bb1246eec892db4 100
	// true true
}

func ExampleParseHex() {
	a, err := pdq.ParseHex("f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22")
	if err != nil {
		fmt.Println(err)
		return
	}
	b, _ := pdq.ParseHex("f8f8f0cee0f4a84f06370a2a038f63f0b36e26d596621e1d33e6b39c4e9c9b22")
	fmt.Println(a.Distance(b), a.Distance(b) <= pdq.MatchThreshold)
	_, err = pdq.ParseHex("f8f8")
	fmt.Println(err)
	// Output:
	// 2 true
	// pdq: invalid hash hex: length 4, want 64
}

func ExampleHasher_Dihedral() {
	h := pdq.NewHasher()
	hashes, quality, err := h.Dihedral(picture(128, 96))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(quality)
	for o, x := range hashes {
		fmt.Printf("%-10v %v\n", pdq.Orientation(o), x)
	}
	// Output:
	// 100
	// original   e4711d8e6271ec0e1391e0711d8e23f1ec4e1f916276fc8e9bb1247eec8925b5
	// rotate90   b69a4b4db5b7b5a752da2d282968b4b64b5b5a5ba52d52925296ad4a52b452b4
	// rotate180  b124b724372446a446c44adb48db895bb91bb53b37235624cee48ed4b9dc8f1f
	// rotate270  e3cfe1e7e0e21f0d078f87827c3d1e1c1e0ef0f1f078f83807c307e007e1f81e
	// flipx      e471e271e27113f113911f8e9d8edc0eec4ee06e627603719bb1db81ec89da4a
	// flipy      b12448dbb724b95b46c4b524c8db76a4b91b4ac43723a9dbcee4712bb9dc70e0
	// flipplus1  949ab4b2b5b74a5852dad2d729684b494b5ba5a4a52dad6d529652b552b4ad4b
	// flipminus1 c1cf1e18e0e2e0f2078f787d7c3de1e31e0e0f0ef07807c707c3f81f07e107e1
}

func ExampleNewHasher() {
	// One Hasher per goroutine; Squash512 reproduces the reference command
	// pdq-photo-hasher, which resizes images larger than 512 pixels.
	full := pdq.NewHasher()
	cli := pdq.NewHasher(pdq.WithMode(pdq.Squash512))
	img := picture(1000, 600)
	a, _, _ := full.Sum(img)
	b, _, _ := cli.Sum(img)
	fmt.Println(a.Distance(b) <= pdq.MatchThreshold)
	// Output:
	// true
}

func ExampleHasher_SumLuma() {
	// Luma from another decoder (for example libjpeg-turbo through cgo, for
	// exact parity with the reference on JPEG files), row-major.
	const w, h = 96, 64
	luma := make([]float32, w*h)
	for y := range h {
		for x := range w {
			luma[y*w+x] = float32((x*x + 3*y*y) % 256)
		}
	}
	hash, quality, err := pdq.NewHasher().SumLuma(luma, w, h)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(hash, quality)
	_, _, err = pdq.NewHasher().SumLuma(luma[:100], w, h)
	fmt.Println(err)
	// Output:
	// 755856ffffdefd180efffd18f1187ffbb000f100868bf020f008ffd8b000b100 100
	// pdq: invalid luma: 100 values for 96x64
}
