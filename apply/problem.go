package apply

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/rotaoncall/rota"
)

// MaxProblems is how many problems an invalid file reports; the rest are
// counted, not listed, so that a badly broken file does not bury the first
// mistakes.
const MaxProblems = 20

// Pos is a place in the file: 1-based line and column, zero when unknown.
type Pos struct {
	Line   int
	Column int
}

// Problem is one thing wrong with a file: where, which field, and what.
type Problem struct {
	File    string
	Pos     Pos
	Path    string // e.g. teams[0].schedules[0].tiers.primary[1].shift
	Message string
}

// String formats the problem as "file:line:col: path: message", the form
// editors and CI logs link to.
func (p Problem) String() string {
	var b strings.Builder
	b.WriteString(p.File)
	if p.Pos.Line > 0 {
		fmt.Fprintf(&b, ":%d", p.Pos.Line)
		if p.Pos.Column > 0 {
			fmt.Fprintf(&b, ":%d", p.Pos.Column)
		}
	}
	b.WriteString(": ")
	if p.Path != "" {
		b.WriteString(p.Path)
		b.WriteString(": ")
	}
	b.WriteString(p.Message)
	return b.String()
}

// Problems is the error Parse returns for an invalid file: the first
// MaxProblems problems in file order, and how many there were in all.
type Problems struct {
	File  string
	List  []Problem
	Total int
}

// Error summarises the problems on one line; Lines lists them.
func (ps *Problems) Error() string {
	if len(ps.List) == 0 {
		return ps.File + " is invalid"
	}
	if ps.Total == 1 {
		return ps.List[0].String()
	}
	return fmt.Sprintf("%s (and %d more problems)", ps.List[0], ps.Total-1)
}

// Lines returns one line per problem, and a last line counting those left
// out when there were more than MaxProblems.
func (ps *Problems) Lines() []string {
	out := make([]string, 0, len(ps.List)+1)
	for _, p := range ps.List {
		out = append(out, p.String())
	}
	if more := ps.Total - len(ps.List); more > 0 {
		out = append(out, fmt.Sprintf("%s: … and %d more problems", ps.File, more))
	}
	return out
}

// problems builds a Problems from everything found, sorted by position.
func problems(file string, all []Problem) *Problems {
	slices.SortStableFunc(all, func(a, b Problem) int {
		if c := cmp.Compare(a.Pos.Line, b.Pos.Line); c != 0 {
			return c
		}
		return cmp.Compare(a.Pos.Column, b.Pos.Column)
	})
	ps := &Problems{File: file, Total: len(all)}
	ps.List = all[:min(len(all), MaxProblems)]
	return ps
}

// ErrorCode returns "invalid": a file with problems is bad input.
func (ps *Problems) ErrorCode() string { return rota.EInvalid }
