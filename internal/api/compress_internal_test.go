package api

import (
	"bytes"
	"compress/gzip"
	"io"
	"math/rand/v2"
	"net/http"
	"testing"

	"github.com/andybalholm/brotli"
)

// spliceCases are prefixes and tails for the splice tests: empty, small,
// large (past a stored block's limit) and incompressible parts.
func spliceCases() []struct {
	name         string
	prefix, tail []byte
} {
	rnd := rand.New(rand.NewPCG(1, 2))
	noise := func(n int) []byte {
		b := make([]byte, n)
		for i := range b {
			b[i] = byte(rnd.UintN(256))
		}
		return b
	}
	text := func(n int) []byte { return bytes.Repeat([]byte(`{"name":"Tidepool","stage":"bloom"},`), n/36+1)[:n] }
	return []struct {
		name         string
		prefix, tail []byte
	}{
		{"empty", nil, nil},
		{"empty tail", text(20_000), nil},
		{"empty prefix", nil, text(300)},
		{"garden-like", text(20_500), text(300)},
		{"tail repeats prefix", text(5_000), text(5_000)},
		{"tail at the stored limit", text(20_500), text(storedMax)},
		{"tail just past it", text(20_500), text(storedMax + 1)},
		{"tail of one full meta-block", text(1_000), text(maxStoredMetaBlock)},
		{"tail past one meta-block", text(1_000), noise(maxStoredMetaBlock + 1)},
		{"incompressible", noise(70_000), noise(3_000)},
	}
}

// TestBrotliSplice: the prefix compressed once and any tail stored after it
// make one valid brotli stream of prefix+tail, with nothing after its end.
func TestBrotliSplice(t *testing.T) {
	for _, tc := range spliceCases() {
		t.Run(tc.name, func(t *testing.T) {
			splice := newBrotliSplice(tc.prefix)
			body := append(append([]byte(nil), splice.head...), splice.tail(tc.tail)...)
			r := bytes.NewReader(body)
			got, err := io.ReadAll(brotli.NewReader(r))
			if err != nil {
				t.Fatal(err)
			}
			want := append(append([]byte(nil), tc.prefix...), tc.tail...)
			if !bytes.Equal(got, want) {
				t.Fatalf("decoded %d bytes, want %d", len(got), len(want))
			}
			if r.Len() != 0 {
				t.Fatalf("%d bytes after the stream's end", r.Len())
			}
		})
	}
	whole := bytes.Repeat([]byte("garden "), 3000)
	got, err := io.ReadAll(brotli.NewReader(bytes.NewReader(brotliWhole(whole))))
	if err != nil || !bytes.Equal(got, whole) {
		t.Fatalf("brotliWhole: %d bytes back, %v", len(got), err)
	}
}

// TestGzipSplice: the prefix deflated once and any tail deflated after it
// make one valid gzip member of prefix+tail (CRC-32 and length checked by
// the reader), for empty, small, large and incompressible parts.
func TestGzipSplice(t *testing.T) {
	var writers flateWriters
	for _, tc := range spliceCases() {
		t.Run(tc.name, func(t *testing.T) {
			splice := newGzipSplice(tc.prefix)
			for range 3 { // the pooled deflater is reused correctly
				body := append(append([]byte(nil), splice.head...), splice.tail(tc.tail, &writers)...)
				zr, err := gzip.NewReader(bytes.NewReader(body))
				if err != nil {
					t.Fatal(err)
				}
				zr.Multistream(false)
				got, err := io.ReadAll(zr)
				if err != nil {
					t.Fatal(err)
				}
				want := append(append([]byte(nil), tc.prefix...), tc.tail...)
				if !bytes.Equal(got, want) {
					t.Fatalf("decoded %d bytes, want %d", len(got), len(want))
				}
			}
		})
	}
}

// A garden's small tail goes out in stored blocks (no Huffman tables to
// build per request); a body past storedMax is still deflated.
func TestGzipTailLevels(t *testing.T) {
	var writers flateWriters
	splice := newGzipSplice(nil)
	text := bytes.Repeat([]byte(`{"name":"Tidepool","stage":"bloom"},`), 200)
	small, large := text[:300], text[:5_000]
	if got := len(splice.tail(small, &writers)); got < len(small) {
		t.Errorf("a %d-byte tail took %d bytes: compressed, want stored", len(small), got)
	}
	if got := len(splice.tail(large, &writers)); got > len(large)/4 {
		t.Errorf("a %d-byte compressible body took %d bytes: not deflated", len(large), got)
	}
}

// TestGardenPrefixCompressedOnce: the shared part is compressed once per
// garden and coding, however many requests ask.
func TestGardenPrefixCompressedOnce(t *testing.T) {
	p := &gardenParts{prefix: bytes.Repeat([]byte("garden "), 3000)}
	first := p.gzipPrefix()
	if second := p.gzipPrefix(); second != first || &second.head[0] != &first.head[0] {
		t.Fatal("the prefix was deflated again")
	}
	firstBr := p.brotliPrefix()
	if second := p.brotliPrefix(); second != firstBr || &second.head[0] != &firstBr.head[0] {
		t.Fatal("the prefix was brotli-compressed again")
	}
}

func TestEncodingFor(t *testing.T) {
	for header, want := range map[string]contentCoding{
		"":                            codingIdentity,
		"gzip":                        codingGzip,
		"GZIP":                        codingGzip,
		"x-gzip":                      codingGzip,
		"deflate, gzip;q=1.0":         codingGzip,
		"gzip, deflate, br, zstd":     codingBrotli, // what browsers send over HTTPS
		"br;q=1.0, gzip;q=0.8":        codingBrotli,
		"br;q=0.5, gzip;q=0.8":        codingGzip,
		"br;q=0.8, gzip;q=0.8":        codingBrotli,
		"br;q=0, gzip":                codingGzip,
		"gzip;q=0":                    codingIdentity,
		"gzip; q=0.000":               codingIdentity,
		"gzip;q=nonsense":             codingIdentity,
		"identity":                    codingIdentity,
		"*":                           codingBrotli,
		"*;q=0.5, gzip":               codingGzip,
		"gzip;q=0, *":                 codingBrotli,
		"br":                          codingBrotli,
		"BR ; Q=0.9":                  codingBrotli,
		"gzip;q=0.001, identity":      codingGzip,
		"br;q=0, gzip;q=0, *":         codingIdentity,
		"deflate, identity;q=0.5, zz": codingIdentity,
	} {
		r, _ := http.NewRequest(http.MethodGet, "/", nil)
		r.Header.Set("Accept-Encoding", header)
		if got := encodingFor(r); got != want {
			t.Errorf("Accept-Encoding %q: %v, want %v", header, got, want)
		}
	}
}

func TestEncodedETag(t *testing.T) {
	for _, tc := range []struct {
		in     string
		coding contentCoding
		want   string
	}{
		{`"abc"`, codingGzip, `"abc-gzip"`},
		{`W/"abc"`, codingGzip, `W/"abc-gzip"`},
		{`abc`, codingGzip, `abc-gzip`},
		{`"abc"`, codingBrotli, `"abc-br"`},
		{`W/"abc"`, codingBrotli, `W/"abc-br"`},
	} {
		if got := encodedETag(tc.in, tc.coding); got != tc.want {
			t.Errorf("encodedETag(%s, %d) = %s, want %s", tc.in, tc.coding, got, tc.want)
		}
	}
}
