package apply

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// FuzzParse: whatever the file, Parse does not panic and answers either a
// File or *Problems: at least one and at most MaxProblems listed, sorted
// by position, each saying where (a line or a field path) and what; and
// the answer is the same every time (no map order leaking into it).
func FuzzParse(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.yaml")
	for _, name := range files {
		src, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(src)
	}
	for _, s := range []string{
		teamHead + layerSchedule,
		teamHead + layerSchedule + pagingBlock,
		teamHead + layerSchedule + "        overrides:\n          - {tier: primary, user: dan@example.com, from: 2026-02-02T09:00, to: 2026-02-01T09:00}\n",
		"teamz: []\n", "", "---\n---\n", "teams: [", "teams: " + strings.Repeat("[", 40) + strings.Repeat("]", 40),
		"x-a: &a [*a]\nteams: *a\n", "teams:\n  - <<: *nope\n", "teams:\n- name: t\n  members:\n  - {email: a@b.c, name: A}\n  - {email: A@B.C, name: B}\n",
		"\xff\xfe", "teams: !!binary AAAA\n", "teams:\n  - name: \"\\u0000\"\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		file, err := Parse("f.yaml", src)
		if err == nil {
			if file == nil || file.Name() != "f.yaml" {
				t.Fatal("no file and no error")
			}
			return
		}
		var ps *Problems
		if !errors.As(err, &ps) {
			t.Fatalf("Parse = %v, not *Problems", err)
		}
		if len(ps.List) == 0 || len(ps.List) > MaxProblems || ps.Total < len(ps.List) || ps.File != "f.yaml" {
			t.Fatalf("%d problems listed of %d", len(ps.List), ps.Total)
		}
		for i, p := range ps.List {
			if p.Message == "" || p.File != "f.yaml" || (p.Pos.Line <= 0 && p.Path == "") {
				t.Fatalf("problem %d %q says not where or what", i, p)
			}
			if i > 0 && (p.Pos.Line < ps.List[i-1].Pos.Line || p.Pos.Line == ps.List[i-1].Pos.Line && p.Pos.Column < ps.List[i-1].Pos.Column) {
				t.Fatalf("problems out of order: %q before %q", ps.List[i-1], p)
			}
		}
		_, again := Parse("f.yaml", src)
		if !reflect.DeepEqual(err, again) {
			t.Fatalf("Parse answers differently each time:\n%v\n%v", strings.Join(ps.Lines(), "\n"), again)
		}
	})
}
