package api

import (
	"bytes"

	"github.com/andybalholm/brotli"
)

// brotliSplice is gzipSplice's counterpart for brotli: the shared prefix is
// compressed once into non-final meta-blocks ending on a byte boundary (a
// flush), and a request appends only its own tail as uncompressed
// meta-blocks and the empty last meta-block (RFC 7932, section 9.2). The
// tail is a few hundred bytes, stored as-is like gzip's (storedMax):
// building a compressed meta-block for it would cost more CPU than it saves
// bytes.
type brotliSplice struct {
	head []byte // the prefix's meta-blocks
}

func newBrotliSplice(prefix []byte) *brotliSplice {
	var buf bytes.Buffer
	bw := brotli.NewWriterLevel(&buf, brotliLevel)
	_, _ = bw.Write(prefix) // a bytes.Buffer never errs
	_ = bw.Flush()
	return &brotliSplice{head: buf.Bytes()}
}

// maxStoredMetaBlock is the most an uncompressed meta-block with four
// length nibbles holds.
const maxStoredMetaBlock = 1 << 16

// tail returns what follows head for a body of prefix + own.
func (b *brotliSplice) tail(own []byte) []byte {
	out := make([]byte, 0, len(own)+3*(len(own)/maxStoredMetaBlock+1)+1)
	for len(own) > 0 {
		n := min(len(own), maxStoredMetaBlock)
		// ISLAST=0 (bit 0), MNIBBLES=4 (bits 1-2 = 0), MLEN-1 (bits 3-18),
		// ISUNCOMPRESSED=1 (bit 19), zero padding to the byte boundary.
		header := uint32(n-1)<<3 | 1<<19
		out = append(out, byte(header), byte(header>>8), byte(header>>16))
		out = append(out, own[:n]...)
		own = own[n:]
	}
	// ISLAST=1, ISLASTEMPTY=1, padding: the stream's end.
	return append(out, 0b11)
}

// brotliWhole brotli-encodes body as one stream (the rare garden that is
// not spliced: a visitor with own seeds).
func brotliWhole(body []byte) []byte {
	var buf bytes.Buffer
	bw := brotli.NewWriterLevel(&buf, brotliLevel)
	_, _ = bw.Write(body) // a bytes.Buffer never errs
	_ = bw.Close()
	return buf.Bytes()
}
