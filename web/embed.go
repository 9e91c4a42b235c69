// Package web is the garden page served at / (server.ui). Its sources are
// web/src (TypeScript); `make web` bundles them into dist, which is
// committed so that building greenhouse needs only Go.
package web

import (
	"embed"
	"io/fs"
)

//go:embed dist
var dist embed.FS

// Dist returns the built page: index.html and assets/.
func Dist() fs.FS {
	sub, err := fs.Sub(dist, "dist")
	if err != nil {
		panic(err) // "dist" is a literal directory of the embedded tree
	}
	return sub
}
