package api_test

import (
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"
)

func id(n int64) string { return strconv.FormatInt(n, 10) }

func httptestServer(t *testing.T, h http.Handler) string {
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv.URL
}
