package api

import (
	"io/fs"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"
	"github.com/greenhouse-garden/greenhouse/internal/api/docsui"
	"github.com/greenhouse-garden/greenhouse/internal/problem"
)

// docsRoutes serves the API reference page and its assets from the binary
// (internal/api/docsui): nothing on it comes from another host.
func (s *Server) docsRoutes() {
	page := docsui.Page()
	s.engine.GET(docsui.Path, func(c *gin.Context) {
		c.Header("Content-Security-Policy", docsui.CSP)
		c.Header("Cache-Control", "no-cache")
		c.Data(http.StatusOK, "text/html; charset=utf-8", page)
	})
	assets := docsui.Assets()
	s.engine.GET(docsui.Path+"/assets/*file", func(c *gin.Context) {
		name := strings.TrimPrefix(c.Param("file"), "/")
		// Files only: a folder would be listed.
		if info, err := fs.Stat(assets, name); err != nil || info.IsDir() {
			abort(c, problem.New(http.StatusNotFound, "no route matches "+c.Request.URL.Path))
			return
		}
		// The assets change only with the binary.
		c.Header("Cache-Control", "public, max-age=3600")
		http.ServeFileFS(c.Writer, c.Request, assets, name)
	})
}
