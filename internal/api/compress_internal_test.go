package api

import (
	"bytes"
	"compress/gzip"
	"io"
	"math/rand/v2"
	"net/http"
	"testing"
)

// TestGzipSplice: the prefix deflated once and any tail deflated after it
// make one valid gzip member of prefix+tail (CRC-32 and length checked by
// the reader), for empty, small, large and incompressible parts.
func TestGzipSplice(t *testing.T) {
	rnd := rand.New(rand.NewPCG(1, 2))
	noise := func(n int) []byte {
		b := make([]byte, n)
		for i := range b {
			b[i] = byte(rnd.UintN(256))
		}
		return b
	}
	text := func(n int) []byte { return bytes.Repeat([]byte(`{"name":"Tidepool","stage":"bloom"},`), n/36+1)[:n] }
	var writers flateWriters
	for _, tc := range []struct {
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
		{"incompressible", noise(70_000), noise(3_000)},
	} {
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

// TestGardenPrefixCompressedOnce: the shared part is deflated once per
// garden, however many gzip requests ask.
func TestGardenPrefixCompressedOnce(t *testing.T) {
	p := &gardenParts{prefix: bytes.Repeat([]byte("garden "), 3000)}
	first := p.gzipPrefix()
	if second := p.gzipPrefix(); second != first || &second.head[0] != &first.head[0] {
		t.Fatal("the prefix was compressed again")
	}
}

func TestAcceptsGzip(t *testing.T) {
	for header, want := range map[string]bool{
		"":                       false,
		"gzip":                   true,
		"GZIP":                   true,
		"deflate, gzip;q=1.0":    true,
		"br;q=1.0, gzip;q=0.8":   true,
		"gzip;q=0":               false,
		"gzip; q=0.000":          false,
		"identity":               false,
		"*":                      true,
		"br":                     false,
		"gzip;q=0.001, identity": true,
	} {
		r, _ := http.NewRequest(http.MethodGet, "/", nil)
		r.Header.Set("Accept-Encoding", header)
		if got := acceptsGzip(r); got != want {
			t.Errorf("Accept-Encoding %q: %v, want %v", header, got, want)
		}
	}
}

func TestGzipETag(t *testing.T) {
	for in, want := range map[string]string{`"abc"`: `"abc-gzip"`, `W/"abc"`: `W/"abc-gzip"`, `abc`: `abc-gzip`} {
		if got := gzipETag(in); got != want {
			t.Errorf("gzipETag(%s) = %s, want %s", in, got, want)
		}
	}
}
