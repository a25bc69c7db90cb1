package api_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestNoStorage keeps the HTTP layer off the storage layer: api reaches
// data through the interfaces it declares and the domain packages, never
// store or gorm (the test build may, to run a real server).
func TestNoStorage(t *testing.T) {
	gobin := filepath.Join(os.Getenv("GOROOT"), "bin", "go")
	if _, err := os.Stat(gobin); err != nil {
		gobin = "go"
	}
	out, err := exec.Command(gobin, "list", "-deps", ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	for _, pkg := range strings.Fields(string(out)) {
		if strings.HasPrefix(pkg, "gorm.io/") || pkg == "github.com/rotaoncall/rota/store" || strings.HasPrefix(pkg, "github.com/rotaoncall/rota/store/") ||
			strings.HasPrefix(pkg, "github.com/jackc/") || strings.Contains(pkg, "sqlite") {
			t.Errorf("api depends on %s", pkg)
		}
	}
}
