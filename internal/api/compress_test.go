package api_test

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/andybalholm/brotli"
	"github.com/greenhouse-garden/greenhouse/internal/config"
	"github.com/greenhouse-garden/greenhouse/internal/store"
)

// TestCompression: JSON answers are gzip- or brotli-encoded when the client
// accepts it, decode to exactly the identity bytes, vary on Accept-Encoding,
// and keep their conditional requests working per encoding. The garden
// (spliced, see gzipSplice and brotliSplice) and a project page (the
// libraries' middleware) are both checked; the garden with one of the
// visitor's own seeds too (encoded whole).
func TestCompression(t *testing.T) {
	encodings := []struct {
		name, accept string
		decode       func([]byte) ([]byte, error)
	}{
		{"gzip", "br;q=0.5, gzip;q=0.8", func(packed []byte) ([]byte, error) {
			zr, err := gzip.NewReader(bytes.NewReader(packed))
			if err != nil {
				return nil, err
			}
			zr.Multistream(false) // one member, as every browser reads it
			return io.ReadAll(zr) // checks the CRC-32 and the length too
		}},
		{"br", "gzip, deflate, br, zstd", func(packed []byte) ([]byte, error) {
			return io.ReadAll(brotli.NewReader(bytes.NewReader(packed)))
		}},
	}
	each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ids := seedGarden(t, e)
		res, _ := e.do("GET", "/api/v1/garden", "", nil)
		tok := res.Header.Get("X-Visitor-Session")
		check := func(t *testing.T, path string) {
			identity, plain := e.do("GET", path, "", map[string]string{"X-Visitor-Session": tok, "Accept-Encoding": "identity"})
			if identity.StatusCode != http.StatusOK {
				t.Fatalf("%s: %d", path, identity.StatusCode)
			}
			if got := identity.Header.Get("Content-Encoding"); got != "" {
				t.Errorf("%s: identity answer has Content-Encoding %q", path, got)
			}
			etag := identity.Header.Get("ETag")
			for _, enc := range encodings {
				packedRes, packed := e.do("GET", path, "", map[string]string{"X-Visitor-Session": tok, "Accept-Encoding": enc.accept})
				if packedRes.StatusCode != http.StatusOK {
					t.Fatalf("%s %s: %d", path, enc.name, packedRes.StatusCode)
				}
				if got := packedRes.Header.Get("Content-Encoding"); got != enc.name {
					t.Fatalf("%s: Content-Encoding %q for %q, want %s", path, got, enc.accept, enc.name)
				}
				for _, r := range []*http.Response{identity, packedRes} {
					if !strings.Contains(r.Header.Get("Vary"), "Accept-Encoding") {
						t.Errorf("%s: Vary %q lacks Accept-Encoding", path, r.Header.Get("Vary"))
					}
				}
				if len(packed) >= len(plain)/2 {
					t.Errorf("%s: %d %s bytes for %d plain ones", path, len(packed), enc.name, len(plain))
				}
				unpacked, err := enc.decode(packed)
				if err != nil {
					t.Fatalf("%s: %s body: %v", path, enc.name, err)
				}
				if !bytes.Equal(unpacked, plain) {
					t.Fatalf("%s: %s body decodes to %d bytes that differ from the %d identity bytes", path, enc.name, len(unpacked), len(plain))
				}
				tag := packedRes.Header.Get("ETag")
				if want := strings.TrimSuffix(etag, `"`) + "-" + enc.name + `"`; tag != want {
					t.Errorf("%s: %s ETag %q, want %q", path, enc.name, tag, want)
				}
				for _, ifNoneMatch := range []string{etag, tag} {
					res, body := e.do("GET", path, "", map[string]string{"X-Visitor-Session": tok,
						"Accept-Encoding": enc.accept, "If-None-Match": ifNoneMatch})
					if res.StatusCode != http.StatusNotModified || len(body) != 0 || res.Header.Get("ETag") != ifNoneMatch {
						t.Errorf("%s If-None-Match %s: %d ETag %q, want 304 with that tag", path, ifNoneMatch, res.StatusCode, res.Header.Get("ETag"))
					}
				}
			}
			refused, _ := e.do("GET", path, "", map[string]string{"X-Visitor-Session": tok, "Accept-Encoding": "br;q=0, gzip;q=0"})
			if got := refused.Header.Get("Content-Encoding"); got != "" {
				t.Errorf("%s: br;q=0, gzip;q=0 got Content-Encoding %q", path, got)
			}
		}
		t.Run("garden", func(t *testing.T) { check(t, "/api/v1/garden") })
		t.Run("project", func(t *testing.T) { check(t, "/api/v1/projects/"+ids["Greenhouse"]) })
		t.Run("garden with own seed", func(t *testing.T) {
			// A visitor sees their own pending seed: that garden is encoded whole.
			res, body := e.do("POST", "/api/v1/garden/plant-seed",
				`{"seed_data":{"name":"My own sprout","plant_type":"flower"},"position":{"x":1,"y":0,"z":1}}`,
				map[string]string{"X-Visitor-Session": tok})
			if res.StatusCode != http.StatusCreated {
				t.Fatalf("plant seed: %d %s", res.StatusCode, body)
			}
			check(t, "/api/v1/garden")
		})
	})
}

// The dashboard answer (issue #17) is gzip-encoded when the owner's client
// accepts it, and decodes to the identity body.
func TestDashboardGzip(t *testing.T) {
	each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db, func(c *config.Config) { c.RateLimit.Enabled = false })
		seedGarden(t, e)
		header := func(encoding string) map[string]string {
			h := e.adminHeader()
			h["Accept-Encoding"] = encoding
			return h
		}
		identity, plain := e.do("GET", "/api/v1/analytics/dashboard?date_range=90d", "", header("identity"))
		gz, packed := e.do("GET", "/api/v1/analytics/dashboard?date_range=90d", "", header("gzip"))
		if identity.StatusCode != http.StatusOK || gz.StatusCode != http.StatusOK || gz.Header.Get("Content-Encoding") != "gzip" {
			t.Fatalf("%d, %d with Content-Encoding %q", identity.StatusCode, gz.StatusCode, gz.Header.Get("Content-Encoding"))
		}
		zr, err := gzip.NewReader(bytes.NewReader(packed))
		if err != nil {
			t.Fatal(err)
		}
		unpacked, err := io.ReadAll(zr)
		if err != nil || !bytes.Equal(unpacked, plain) || len(packed) >= len(plain) {
			t.Fatalf("gzip body: %d bytes decoding to %d (identity %d): %v", len(packed), len(unpacked), len(plain), err)
		}
	})
}
