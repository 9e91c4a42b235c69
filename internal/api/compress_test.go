package api_test

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/greenhouse-garden/greenhouse/internal/config"
	"github.com/greenhouse-garden/greenhouse/internal/store"
)

// TestGzip: JSON answers are gzip-encoded when the client accepts it, decode
// to exactly the identity bytes, vary on Accept-Encoding, and keep their
// conditional requests working per encoding. The garden (spliced, see
// gzipSplice) and a project page (gzhttp) are both checked; the garden with
// one of the visitor's own seeds too (encoded whole).
func TestGzip(t *testing.T) {
	each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ids := seedGarden(t, e)
		res, _ := e.do("GET", "/api/v1/garden", "", nil)
		tok := res.Header.Get("X-Visitor-Session")
		check := func(t *testing.T, path string) {
			identity, plain := e.do("GET", path, "", map[string]string{"X-Visitor-Session": tok, "Accept-Encoding": "identity"})
			gz, packed := e.do("GET", path, "", map[string]string{"X-Visitor-Session": tok, "Accept-Encoding": "br;q=1.0, gzip;q=0.8"})
			if identity.StatusCode != http.StatusOK || gz.StatusCode != http.StatusOK {
				t.Fatalf("%s: %d and %d", path, identity.StatusCode, gz.StatusCode)
			}
			if got := identity.Header.Get("Content-Encoding"); got != "" {
				t.Errorf("%s: identity answer has Content-Encoding %q", path, got)
			}
			if got := gz.Header.Get("Content-Encoding"); got != "gzip" {
				t.Fatalf("%s: Content-Encoding %q, want gzip", path, got)
			}
			for _, r := range []*http.Response{identity, gz} {
				if !strings.Contains(r.Header.Get("Vary"), "Accept-Encoding") {
					t.Errorf("%s: Vary %q lacks Accept-Encoding", path, r.Header.Get("Vary"))
				}
			}
			if len(packed) >= len(plain)/2 {
				t.Errorf("%s: %d gzip bytes for %d plain ones", path, len(packed), len(plain))
			}
			zr, err := gzip.NewReader(bytes.NewReader(packed))
			if err != nil {
				t.Fatalf("%s: %v", path, err)
			}
			zr.Multistream(false)           // one member, as every browser reads it
			unpacked, err := io.ReadAll(zr) // checks the CRC-32 and the length too
			if err != nil {
				t.Fatalf("%s: gzip body: %v", path, err)
			}
			if rest, _ := io.ReadAll(bytes.NewReader(packed[len(packed):])); len(rest) != 0 || !bytes.Equal(unpacked, plain) {
				t.Fatalf("%s: gzip body decodes to %d bytes that differ from the %d identity bytes", path, len(unpacked), len(plain))
			}
			etag, gzipTag := identity.Header.Get("ETag"), gz.Header.Get("ETag")
			if want := strings.TrimSuffix(etag, `"`) + `-gzip"`; gzipTag != want {
				t.Errorf("%s: gzip ETag %q, want %q", path, gzipTag, want)
			}
			for _, tag := range []string{etag, gzipTag} {
				res, body := e.do("GET", path, "", map[string]string{"X-Visitor-Session": tok,
					"Accept-Encoding": "gzip", "If-None-Match": tag})
				if res.StatusCode != http.StatusNotModified || len(body) != 0 || res.Header.Get("ETag") != tag {
					t.Errorf("%s If-None-Match %s: %d ETag %q, want 304 with that tag", path, tag, res.StatusCode, res.Header.Get("ETag"))
				}
			}
			refused, _ := e.do("GET", path, "", map[string]string{"X-Visitor-Session": tok, "Accept-Encoding": "gzip;q=0"})
			if got := refused.Header.Get("Content-Encoding"); got != "" {
				t.Errorf("%s: gzip;q=0 got Content-Encoding %q", path, got)
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
