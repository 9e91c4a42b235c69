// Package migrations embeds the numbered SQL migrations. Each engine has its
// own directory; files under shared/ are SQL both engines accept and are
// merged into each engine's set (their version numbers never collide with
// the per-engine ones).
package migrations

import (
	"embed"
	"fmt"
	"io/fs"
	"testing/fstest"
)

//go:embed sqlite/*.sql postgres/*.sql
var files embed.FS

// For returns the migrations of one engine ("sqlite" or "postgres") as a flat
// file system, ready for goose.
func For(engine string) (fs.FS, error) {
	merged := fstest.MapFS{}
	for _, dir := range []string{"shared", engine} {
		entries, err := fs.ReadDir(files, dir)
		if err != nil {
			if dir == "shared" {
				continue // no shared migrations yet
			}
			return nil, fmt.Errorf("migrations for %q: %w", engine, err)
		}
		for _, e := range entries {
			data, err := fs.ReadFile(files, dir+"/"+e.Name())
			if err != nil {
				return nil, err
			}
			if _, dup := merged[e.Name()]; dup {
				return nil, fmt.Errorf("migration %s exists in shared/ and %s/", e.Name(), engine)
			}
			merged[e.Name()] = &fstest.MapFile{Data: data}
		}
	}
	return merged, nil
}
