package load

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// allowedImports are the module's packages this one may use: the
// scheduler (itself standard library only) for tiers, dates and shifts.
var allowedImports = map[string]bool{"github.com/rotaoncall/rota/scheduler": true}

// TestStdlibOnly keeps the package on the standard library and the
// scheduler: a standard package has no dot in the first element of its
// import path.
func TestStdlibOnly(t *testing.T) {
	gobin := filepath.Join(os.Getenv("GOROOT"), "bin", "go")
	if _, err := os.Stat(gobin); err != nil {
		gobin = "go"
	}
	for _, args := range [][]string{{"list", "-deps", "."}, {"list", "-deps", "-test", "."}} {
		out, err := exec.Command(gobin, args...).CombinedOutput()
		if err != nil {
			t.Fatalf("go %v: %v\n%s", args, err, out)
		}
		self := ""
		if o, err := exec.Command(gobin, "list", ".").Output(); err == nil {
			self = strings.TrimSpace(string(o))
		}
		for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
			pkg, _, _ := strings.Cut(line, " ")
			if pkg == self || pkg == self+".test" || pkg == self+"_test" || allowedImports[pkg] {
				continue
			}
			first, _, _ := strings.Cut(pkg, "/")
			if strings.Contains(first, ".") {
				t.Errorf("go %v: %s is not in the standard library", args, pkg)
			}
		}
	}
}

// TestNoWallClock keeps the clock out of the package, tests included.
func TestNoWallClock(t *testing.T) {
	files, _ := filepath.Glob("*.go")
	banned := []string{"time." + "Now(", "time." + "Since(", "time." + "Until("}
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, b := range banned {
			if strings.Contains(string(src), b) {
				t.Errorf("%s calls %s", f, b)
			}
		}
	}
}
