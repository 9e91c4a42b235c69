package api

import (
	"io/fs"
	"net/http"

	"github.com/gin-gonic/gin"
)

// uiCSP lets the garden page load its own script, styles and images and
// talk to this server (fetch and /ws/garden) and nothing else: no inline
// script or style, no other origin.
const uiCSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"connect-src 'self'; manifest-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

// routeUI serves the garden page at / and its files under /assets/.
func (s *Server) routeUI(page fs.FS) {
	index, err := fs.ReadFile(page, "index.html")
	if err != nil {
		s.log.Error("garden page not built: / is not served (run make web)", "err", err)
		return
	}
	assets := http.FileServerFS(page)
	uiHeaders := func(c *gin.Context) {
		c.Header("Content-Security-Policy", uiCSP)
		// The page and its assets change with each release and are small:
		// revalidate instead of guessing a lifetime.
		c.Header("Cache-Control", "no-cache")
	}
	s.engine.GET("/", func(c *gin.Context) {
		uiHeaders(c)
		c.Data(http.StatusOK, "text/html; charset=utf-8", index)
	})
	s.engine.GET("/assets/*file", func(c *gin.Context) {
		uiHeaders(c)
		assets.ServeHTTP(c.Writer, c.Request)
	})
}
