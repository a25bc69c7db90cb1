package api

import (
	_ "embed"
	"encoding/json"
	"net/http"
	"sync"

	"github.com/gin-gonic/gin"
	"github.com/goccy/go-yaml"
)

//go:embed openapi.yaml
var openAPIYAML []byte

// openAPIJSON converts the document to JSON once. Every operation gets a
// default response of the error shape, because any of them can answer 401,
// 413, 429 or 500 with it; openapi.yaml lists the statuses worth naming.
var openAPIJSON = sync.OnceValues(func() ([]byte, error) {
	raw, err := yaml.YAMLToJSON(openAPIYAML)
	if err != nil {
		return nil, err
	}
	var doc map[string]any
	if err := json.Unmarshal(raw, &doc); err != nil {
		return nil, err
	}
	paths, _ := doc["paths"].(map[string]any)
	for _, item := range paths {
		for method, op := range item.(map[string]any) {
			if method == "parameters" {
				continue
			}
			responses, _ := op.(map[string]any)["responses"].(map[string]any)
			if responses != nil && responses["default"] == nil {
				responses["default"] = map[string]any{"$ref": "#/components/responses/Error"}
			}
		}
	}
	return json.Marshal(doc)
})

// OpenAPIJSON returns the OpenAPI document as JSON.
func OpenAPIJSON() ([]byte, error) { return openAPIJSON() }

func (s *Server) openAPI(c *gin.Context) {
	doc, err := openAPIJSON()
	if err != nil {
		s.fail(c, err)
		return
	}
	c.Data(http.StatusOK, "application/json", doc)
}
