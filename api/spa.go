package api

import (
	"io/fs"
	"net/http"
	"path"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/rotaoncall/rota"
)

const notBuilt = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Rota</title></head>
<body><main><h1>Rota</h1><p>The web app has not been built into this binary. Run <code>make build</code> (or <code>make run</code>) to build it.</p>
<p>The API is available under <a href="/api/v1/openapi.json">/api/v1</a>.</p></main></body></html>`

// noRoute serves the web app: a file from the build when it exists, else
// index.html so that client-side routes load. Unknown API paths get the
// JSON error shape instead.
func (s *Server) noRoute(c *gin.Context) {
	p := c.Request.URL.Path
	if strings.HasPrefix(p, "/api/") || strings.HasPrefix(p, "/v2/") {
		s.fail(c, rota.Errorf(rota.ENotFound, "no such endpoint: %s %s", c.Request.Method, p))
		return
	}
	if c.Request.Method != http.MethodGet && c.Request.Method != http.MethodHead {
		s.fail(c, rota.Errorf(rota.ENotFound, "no such endpoint: %s %s", c.Request.Method, p))
		return
	}
	name := strings.TrimPrefix(path.Clean(p), "/")
	if name != "" && s.frontend != nil {
		if st, err := fs.Stat(s.frontend, name); err == nil && !st.IsDir() {
			if strings.HasPrefix(name, "assets/") {
				c.Header("Cache-Control", "public, max-age=31536000, immutable")
			}
			c.FileFromFS(name, http.FS(s.frontend))
			return
		}
	}
	c.Header("Cache-Control", "no-cache")
	var index []byte
	if s.frontend != nil {
		index, _ = fs.ReadFile(s.frontend, "index.html")
	}
	if index == nil {
		index = []byte(notBuilt)
	}
	c.Data(http.StatusOK, "text/html; charset=utf-8", index)
}
