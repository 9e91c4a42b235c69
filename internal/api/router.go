package api

import (
	"net/http"
	"strings"

	"github.com/danielgtaylor/huma/v2"
	"github.com/danielgtaylor/huma/v2/adapters/humagin"
	"github.com/gin-gonic/gin"
)

// ginRoutes is huma's adapter onto the Gin engine. Every operation is
// registered with huma, so the OpenAPI document describes it from its Go
// types; the few in direct are then served by a plain Gin handler that
// runs the same code without huma's per-request reflection (the hottest
// routes, whose inputs are a couple of query values and headers).
type ginRoutes struct {
	engine *gin.Engine
	direct map[string]gin.HandlerFunc // by operation id
}

func (g *ginRoutes) ServeHTTP(w http.ResponseWriter, r *http.Request) { g.engine.ServeHTTP(w, r) }

// Handle implements huma.Adapter.
func (g *ginRoutes) Handle(op *huma.Operation, handler func(huma.Context)) {
	path := strings.NewReplacer("{", ":", "}", "").Replace(op.Path)
	if h, ok := g.direct[op.OperationID]; ok {
		g.engine.Handle(op.Method, path, h)
		return
	}
	g.engine.Handle(op.Method, path, func(c *gin.Context) { handler(humagin.NewContext(op, c)) })
}
