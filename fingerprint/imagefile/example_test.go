package imagefile_test

import (
	"fmt"
	"os"

	"github.com/gharbal/gharbal/fingerprint/imagefile"
	"github.com/gharbal/gharbal/fingerprint/pdq"
)

func Example() {
	f, err := os.Open("testdata/sample.png")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer f.Close()
	// Limits: 50 MP and 256 MiB by default; set them per deployment.
	dec := imagefile.Decoder{MaxPixels: 20_000_000}
	img, format, digest, err := dec.DecodeDigest(f)
	if err != nil {
		fmt.Println(err)
		return
	}
	hash, quality, err := pdq.Sum(img)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(format, img.Bounds().Dx(), img.Bounds().Dy(), quality)
	fmt.Println("pdq", hash)
	fmt.Println("md5", digest.MD5Hex())
	// Output:
	// png 96 64 100
	// pdq dc71198ee6719c6e2391ec711b8e6371dc8e13816476fd8e1371242edd8925b5
	// md5 35365218f26400339c6558f75cd47714
}

func ExampleDecode() {
	f, err := os.Open("testdata/sample.gif")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer f.Close()
	_, _, err = imagefile.Decode(f, 1000) // the sample has 96x64 = 6144 pixels
	fmt.Println(err)
	// Output:
	// gif: imagefile: image exceeds the pixel limit: 96x64 is more than 1000 pixels
}
