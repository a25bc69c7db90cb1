// Package guard holds the architecture checks that packages run as
// ordinary tests: what a package may depend on (the domain packages stay on
// the standard library and a few of Rota's own pure packages; the HTTP
// layer never reaches storage), and that a package never reads the wall
// clock (every instant is an argument). One copy, used by every guarded
// package.
package guard

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

const self = "github.com/rotaoncall/rota/internal/guard"

func gobin() string {
	g := filepath.Join(os.Getenv("GOROOT"), "bin", "go")
	if _, err := os.Stat(g); err != nil {
		return "go"
	}
	return g
}

// deps lists what the package in the working directory depends on, its
// tests' dependencies too when withTests, without the package itself.
func deps(t testing.TB, withTests bool) []string {
	t.Helper()
	args := []string{"list", "-deps"}
	if withTests {
		args = append(args, "-test")
	}
	out, err := exec.Command(gobin(), append(args, ".")...).CombinedOutput()
	if err != nil {
		t.Fatalf("go %v: %v\n%s", args, err, out)
	}
	me := ""
	if o, err := exec.Command(gobin(), "list", ".").Output(); err == nil {
		me = strings.TrimSpace(string(o))
	}
	var pkgs []string
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		pkg, _, _ := strings.Cut(line, " ")
		if pkg == "" || pkg == me || pkg == me+".test" || pkg == me+"_test" || pkg == self {
			continue
		}
		pkgs = append(pkgs, pkg)
	}
	return pkgs
}

// standard reports whether pkg is in the standard library: a standard
// package has no dot in the first element of its import path.
func standard(pkg string) bool {
	first, _, _ := strings.Cut(pkg, "/")
	return !strings.Contains(first, ".")
}

// StdlibAnd fails t when the package in the working directory, or its
// tests, depend on anything but the standard library and the packages
// named.
func StdlibAnd(t *testing.T, allowed ...string) {
	t.Helper()
	ok := map[string]bool{}
	for _, a := range allowed {
		ok[a] = true
	}
	for _, withTests := range []bool{false, true} {
		for _, pkg := range deps(t, withTests) {
			if !standard(pkg) && !ok[pkg] {
				t.Errorf("depends on %s (tests included: %v), which is neither in the standard library nor allowed", pkg, withTests)
			}
		}
	}
}

// Never fails t when the package in the working directory (not its tests)
// depends on a package whose path starts with one of the prefixes.
func Never(t *testing.T, prefixes ...string) {
	t.Helper()
	for _, pkg := range deps(t, false) {
		for _, p := range prefixes {
			if strings.HasPrefix(pkg, p) {
				t.Errorf("depends on %s", pkg)
			}
		}
	}
}

// NoWallClock fails t when a Go file of the working directory, tests
// included, reads the wall clock.
func NoWallClock(t *testing.T) {
	t.Helper()
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
