// Package docsui is the API reference served at /docs: Swagger UI, pinned
// in package.json and package-lock.json, its built files copied into
// assets/swagger-ui by `make docs-ui` and embedded in the binary, so the
// page needs nothing but this server (no CDN: it works offline and on an
// intranet). README.md records the version and the licence.
package docsui

import (
	"embed"
	"io/fs"
)

// Path is where the page is served; its assets are under Path + "/assets/".
const Path = "/docs"

// CSP is the page's Content-Security-Policy: scripts, styles and fonts from
// this server only, no inline script, images from here or data: URLs (the
// viewer's icons), requests to this server only (the OpenAPI document and
// "try it out").
const CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"font-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

//go:embed index.html
var page []byte

//go:embed assets
var assets embed.FS

// Page is the HTML of the reference page.
func Page() []byte { return page }

// Assets are the files the page loads, by their path under Path + "/assets/".
func Assets() fs.FS {
	sub, err := fs.Sub(assets, "assets")
	if err != nil {
		panic(err) // "assets" is embedded above: fs.Sub cannot fail on it
	}
	return sub
}
