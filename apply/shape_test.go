package apply

import (
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/goccy/go-yaml/lexer"
)

// TestParseRefusesHostileShapes: files whose shape would make the YAML
// parser take memory without bound (200 KB of nested brackets took
// gigabytes, 2 MB the machine) are refused before parsing, with a problem
// naming the line.
func TestParseRefusesHostileShapes(t *testing.T) {
	indented := func(n int) string {
		var b strings.Builder
		b.WriteString("teams:\n")
		for i := 0; b.Len() < n; i++ {
			b.WriteString(strings.Repeat(" ", 2*(i%500+1)) + "- a:\n")
		}
		return b.String()
	}
	longKey := "teams:\n  " + strings.Repeat("k", 100_000) + ": [" + strings.Repeat("1, ", 30_000) + "1]\n"
	for _, tc := range []struct {
		name, src, want string
	}{
		{"200 KB of nested brackets", "teams: " + strings.Repeat("[", 100_000) + strings.Repeat("]", 100_000) + "\n", "brackets"},
		{"2 MB of nested brackets", "teams: " + strings.Repeat("[", 1_000_000) + strings.Repeat("]", 1_000_000) + "\n", "brackets"},
		{"200 KB of nested mappings", "teams: " + strings.Repeat("{a: ", 50_000) + "1" + strings.Repeat("}", 50_000) + "\n", "brackets"},
		{"nested brackets under the byte limit", "teams: " + strings.Repeat("[", 200) + strings.Repeat("]", 200) + "\n", "32 levels"},
		{"nested lists on a line", "teams:\n  " + strings.Repeat("- ", 5_000) + "x\n", "32 levels"},
		{"nested indentation", indented(200_000), "32 levels"},
		{"a long key over many values", longKey, "too large to read"},
		{"2 MB of values", "teams: [" + strings.Repeat("1,", 1_000_000) + "1]\n", "300000 values"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse("f.yaml", []byte(tc.src))
			var ps *Problems
			if !errors.As(err, &ps) || len(ps.List) != 1 || !strings.Contains(ps.List[0].Message, tc.want) {
				t.Fatalf("Parse = %.300v; want one problem about %q", err, tc.want)
			}
			if ps.List[0].Pos.Line == 0 {
				t.Fatalf("the problem names no line: %v", ps.List[0])
			}
		})
	}
}

// TestShapeOfRealFiles: the checks leave room for real files, a big one
// included.
func TestShapeOfRealFiles(t *testing.T) {
	for _, name := range []string{"testdata/payments.yaml", "testdata/payments-paging.yaml"} {
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		if line, msg := prescan(src); msg != "" {
			t.Fatalf("%s: prescan refuses line %d: %s", name, line, msg)
		}
		if at, msg := checkShape(lexer.Tokenize(string(src))); msg != "" {
			t.Fatalf("%s: %v: %s", name, at, msg)
		}
		// Four hundred teams like it, one after the other.
		body := string(src)[strings.Index(string(src), "teams:")+len("teams:\n"):]
		big := "teams:\n" + strings.Repeat(body, 400)
		if line, msg := prescan([]byte(big)); msg != "" {
			t.Fatalf("%s ×400 (%d bytes): prescan refuses line %d: %s", name, len(big), line, msg)
		}
		if at, msg := checkShape(lexer.Tokenize(big)); msg != "" {
			t.Fatalf("%s ×400 (%d bytes): %v: %s", name, len(big), at, msg)
		}
	}
}

// BenchmarkParseHostile measures what refusing a hostile file costs (bytes
// allocated per Parse; peak memory is in the commit message and the report
// of the change that added the checks).
func BenchmarkParseHostile(b *testing.B) {
	for _, tc := range []struct{ name, src string }{
		{"brackets-200KB", "teams: " + strings.Repeat("[", 100_000) + strings.Repeat("]", 100_000) + "\n"},
		{"brackets-2MB", "teams: " + strings.Repeat("[", 1_000_000) + strings.Repeat("]", 1_000_000) + "\n"},
		{"brackets-200-deep", "teams: " + strings.Repeat("[", 200) + strings.Repeat("]", 200) + "\n"},
		{"long-key-130KB", "teams:\n  " + strings.Repeat("k", 100_000) + ": [" + strings.Repeat("1, ", 30_000) + "1]\n"},
	} {
		src := []byte(tc.src)
		b.Run(tc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Parse("f.yaml", src); err == nil {
					b.Fatal("accepted")
				}
			}
		})
	}
}
