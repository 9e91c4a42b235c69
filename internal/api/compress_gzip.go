package api

import (
	"bytes"
	"compress/flate"
	"encoding/binary"
	"hash/crc32"
	"sync"
)

// gzipSplice serves a body whose large prefix is shared by every visitor and
// whose small tail is each visitor's own, gzip-encoded, without compressing
// the prefix per request: the prefix is deflated once into non-final,
// byte-aligned blocks (a sync flush), and a request deflates only its tail
// into the final blocks that follow them. A deflate stream may be cut into
// blocks anywhere, and CRC-32 extends over the tail from the prefix's, so
// the result is one ordinary gzip member. Measured on the demo garden
// (20.5 KB prefix, ~300 B tail): compressing the whole body per request cost
// more than serving it; the splice costs about what the tail does.
type gzipSplice struct {
	head []byte // gzip header + the prefix's deflate blocks
	crc  uint32 // CRC-32 of the prefix
	size int    // length of the prefix
}

// gzipHeader is a gzip member header: deflate, no name, no mtime, unknown OS.
var gzipHeader = []byte{0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff}

func newGzipSplice(prefix []byte) *gzipSplice {
	var buf bytes.Buffer
	buf.Write(gzipHeader)
	// The prefix is compressed once per garden: the best ratio is worth it.
	fw, _ := flate.NewWriter(&buf, flate.BestCompression) // a valid level never errs
	_, _ = fw.Write(prefix)
	_ = fw.Flush() // sync flush: non-final blocks ending on a byte boundary
	return &gzipSplice{head: buf.Bytes(), crc: crc32.ChecksumIEEE(prefix), size: len(prefix)}
}

// tail returns what follows head for a body of prefix + own: own's final
// deflate blocks and the gzip trailer.
func (g *gzipSplice) tail(own []byte, writers *flateWriters) []byte {
	var buf bytes.Buffer
	buf.Grow(len(own) + 64)
	fw, pool := writers.get(&buf, len(own))
	_, _ = fw.Write(own)
	_ = fw.Close() // the final block
	pool.Put(fw)
	var trailer [8]byte
	binary.LittleEndian.PutUint32(trailer[:4], crc32.Update(g.crc, crc32.IEEETable, own))
	binary.LittleEndian.PutUint32(trailer[4:], uint32(g.size+len(own))) // ISIZE is mod 2^32
	buf.Write(trailer[:])
	return buf.Bytes()
}

// flateWriters are reused deflaters: a flate.Writer holds ~600 KB of state,
// too much to allocate per request. Tails are small, so the fastest level
// loses little, and the smallest are not compressed at all (storedMax).
type flateWriters struct{ fast, stored sync.Pool }

// storedMax is the largest body written in stored (uncompressed) deflate
// blocks. Deflating a garden's ~300-byte tail built Huffman tables for a
// few hundred bytes on every request: 15% of serve's CPU on one core under
// gzip garden load (BenchmarkLoadOneCore), to save about 150 bytes of a
// 3.6 KB response. Larger bodies are deflated at BestSpeed.
const storedMax = 1024

// get returns a deflater writing to w, chosen for a body of n bytes, and
// the pool to put it back in.
func (f *flateWriters) get(w *bytes.Buffer, n int) (*flate.Writer, *sync.Pool) {
	pool, level := &f.fast, flate.BestSpeed
	if n <= storedMax {
		pool, level = &f.stored, flate.NoCompression
	}
	if fw, ok := pool.Get().(*flate.Writer); ok {
		fw.Reset(w)
		return fw, pool
	}
	fw, _ := flate.NewWriter(w, level) // a valid level never errs
	return fw, pool
}

// gzipWhole gzip-encodes body as one member (the rare garden that is not
// spliced: a visitor with own seeds).
func gzipWhole(body []byte, writers *flateWriters) []byte {
	g := &gzipSplice{head: gzipHeader}
	return append(append([]byte(nil), g.head...), g.tail(body, writers)...)
}
