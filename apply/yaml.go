package apply

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/goccy/go-yaml/ast"
)

// maxVisits bounds the nodes one file may expand to. Aliases can make a
// small file describe an enormous tree ("billion laughs"); a real on-call
// file is nowhere near this.
const maxVisits = 200_000

// decoder walks goccy/go-yaml's syntax tree, which keeps every node's line
// and column, so that each problem names where it is. It collects problems
// instead of stopping at the first one.
type decoder struct {
	file    string
	probs   []Problem
	anchors map[string]ast.Node
	visits  int
	stopped bool // the visit budget ran out; decoding gives up quietly
	// at records the position of every path decoded, so that the
	// scheduler's field paths can be mapped back to lines.
	at map[string]Pos
}

func newDecoder(file string) *decoder {
	return &decoder{file: file, anchors: map[string]ast.Node{}, at: map[string]Pos{}}
}

func (d *decoder) errorf(at Pos, path, format string, args ...any) {
	d.probs = append(d.probs, Problem{File: d.file, Pos: at, Path: path, Message: fmt.Sprintf(format, args...)})
}

// visit counts a node against the budget and reports whether to go on.
func (d *decoder) visit(at Pos) bool {
	if d.stopped {
		return false
	}
	d.visits++
	if d.visits > maxVisits {
		d.stopped = true
		d.errorf(Pos{}, "", "the file expands to more than %d values (through aliases?) after line %d; it is not an on-call file", maxVisits, at.Line)
		return false
	}
	return true
}

func posOf(n ast.Node) Pos {
	if n == nil {
		return Pos{}
	}
	if m, ok := n.(*ast.MappingNode); ok && len(m.Values) > 0 && !m.IsFlowStyle {
		// A block mapping's own token is its first colon; its first key
		// is where a reader sees it start.
		return posOf(m.Values[0].Key)
	}
	tk := n.GetToken()
	if tk == nil || tk.Position == nil {
		return Pos{}
	}
	return Pos{Line: tk.Position.Line, Column: tk.Position.Column}
}

// collectAnchors records every anchor so that aliases can be resolved.
func (d *decoder) collectAnchors(n ast.Node) {
	switch v := n.(type) {
	case *ast.AnchorNode:
		if v.Name != nil {
			d.anchors[v.Name.GetToken().Value] = v.Value
		}
		d.collectAnchors(v.Value)
	case *ast.TagNode:
		d.collectAnchors(v.Value)
	case *ast.MappingNode:
		for _, mv := range v.Values {
			d.collectAnchors(mv)
		}
	case *ast.MappingValueNode:
		d.collectAnchors(v.Key)
		d.collectAnchors(v.Value)
	case *ast.MappingKeyNode:
		d.collectAnchors(v.Value)
	case *ast.SequenceNode:
		for _, x := range v.Values {
			d.collectAnchors(x)
		}
	}
}

// resolve follows anchors, tags and aliases to the node holding a value;
// nil means null or a problem already reported.
func (d *decoder) resolve(n ast.Node, path string) ast.Node {
	for range 64 {
		switch v := n.(type) {
		case nil, *ast.NullNode:
			return nil
		case *ast.AnchorNode:
			n = v.Value
		case *ast.TagNode:
			n = v.Value
		case *ast.AliasNode:
			name := ""
			if v.Value != nil {
				name = v.Value.GetToken().Value
			}
			target, ok := d.anchors[name]
			if !ok {
				d.errorf(posOf(v), path, "alias *%s names no anchor (&%s) in this file", name, name)
				return nil
			}
			n = target
		default:
			return n
		}
	}
	d.errorf(posOf(n), path, "aliases refer to each other in a loop")
	return nil
}

// describe names a node's kind for "want X, not Y" messages.
func describe(n ast.Node) string {
	switch n.(type) {
	case *ast.MappingNode, *ast.MappingValueNode:
		return "a mapping"
	case *ast.SequenceNode:
		return "a list"
	}
	return "a single value"
}

// entry is one key of a mapping with its (unresolved) value.
type entry struct {
	key  string
	kpos Pos
	val  ast.Node
	path string
}

// mapping is a decoded YAML mapping: its entries in file order, merge keys
// (<<) expanded with explicit keys taking precedence.
type mapping struct {
	path    string
	pos     Pos
	entries []entry
	seen    map[string]bool
}

// mapping decodes n as a mapping; ok is false (and a problem reported)
// when it is something else. A null value is an empty mapping.
func (d *decoder) mapping(n ast.Node, path string, at Pos) (*mapping, bool) {
	m := &mapping{path: path, pos: at, seen: map[string]bool{}}
	before := len(d.probs)
	r := d.resolve(n, path)
	if r == nil {
		return m, len(d.probs) == before
	}
	if !d.visit(posOf(r)) {
		return nil, false
	}
	m.pos = posOf(r)
	var mvs []*ast.MappingValueNode
	switch v := r.(type) {
	case *ast.MappingNode:
		mvs = v.Values
	case *ast.MappingValueNode:
		mvs = []*ast.MappingValueNode{v}
	default:
		d.errorf(posOf(r), path, "want a mapping (key: value), not %s", describe(r))
		return nil, false
	}
	var merges []ast.Node
	for _, mv := range mvs {
		if _, ok := mv.Key.(*ast.MergeKeyNode); ok {
			merges = append(merges, mv.Value)
			continue
		}
		key := keyText(mv.Key)
		m.add(entry{key: key, kpos: posOf(mv.Key), val: mv.Value, path: join(path, key)})
	}
	for _, mn := range merges {
		d.merge(m, mn, path)
	}
	return m, true
}

// merge adds the entries of a merge key's value (a mapping or a list of
// them) that the mapping does not already have.
func (d *decoder) merge(m *mapping, n ast.Node, path string) {
	r := d.resolve(n, path)
	if seq, ok := r.(*ast.SequenceNode); ok {
		for _, x := range seq.Values {
			d.merge(m, x, path)
		}
		return
	}
	src, ok := d.mapping(r, path, posOf(n))
	if !ok {
		return
	}
	for _, e := range src.entries {
		if !m.seen[e.key] {
			e.path = join(path, e.key)
			m.add(e)
		}
	}
}

func (m *mapping) add(e entry) {
	m.seen[e.key] = true
	m.entries = append(m.entries, e)
}

func keyText(k ast.MapKeyNode) string {
	if k == nil {
		return ""
	}
	if s, ok := k.(*ast.StringNode); ok {
		return s.Value
	}
	if tk := k.GetToken(); tk != nil {
		return tk.Value
	}
	return k.String()
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

func index(path string, i int) string { return path + "[" + strconv.Itoa(i) + "]" }

// reservedKey is a key a later version of Rota manages; this one refuses
// it rather than ignore part of what a team declared.
type reservedKey struct {
	key  string
	what string
}

// check reports keys outside allowed, suggesting the nearest allowed key
// for typos, and reserved keys with their own message.
func (m *mapping) check(d *decoder, allowed []string, reserved []reservedKey) {
	for _, e := range m.entries {
		if slices.Contains(allowed, e.key) {
			continue
		}
		if i := slices.IndexFunc(reserved, func(r reservedKey) bool { return r.key == e.key }); i >= 0 {
			d.errorf(e.kpos, e.path, "%s are not supported yet by this version of rota; remove the key to apply the rest of the file", reserved[i].what)
			continue
		}
		msg := fmt.Sprintf("unknown key %q", e.key)
		if s := nearest(e.key, allowed); s != "" {
			msg += fmt.Sprintf(" (did you mean %q?)", s)
		} else {
			msg += " (want " + strings.Join(allowed, ", ") + ")"
		}
		d.errorf(e.kpos, e.path, "%s", msg)
	}
}

// get returns the entry for key.
func (m *mapping) get(key string) (entry, bool) {
	for _, e := range m.entries {
		if e.key == key {
			return e, true
		}
	}
	return entry{path: join(m.path, key), kpos: m.pos}, false
}

// value is one scalar read from the file, with where it was.
type value struct {
	s    string
	pos  Pos
	path string
	set  bool // false when the key is absent or null
}

// scalar reads a key's value as text. Whatever YAML would make of it (a
// number, a date, a sexagesimal 09:00), the text is what the file says.
func (d *decoder) scalar(m *mapping, key string) value {
	e, ok := m.get(key)
	v := value{pos: e.kpos, path: e.path}
	if !ok {
		return v
	}
	return d.scalarNode(e.val, e.path, e.kpos)
}

func (d *decoder) scalarNode(n ast.Node, path string, at Pos) value {
	v := value{pos: at, path: path}
	r := d.resolve(n, path)
	if r == nil {
		return v
	}
	v.pos = posOf(r)
	d.at[path] = v.pos
	if !d.visit(v.pos) {
		return v
	}
	switch x := r.(type) {
	case *ast.StringNode:
		v.s, v.set = x.Value, true
	case *ast.LiteralNode:
		if x.Value != nil {
			v.s = x.Value.Value
		}
		v.set = true
	case *ast.IntegerNode, *ast.FloatNode, *ast.BoolNode, *ast.InfinityNode, *ast.NanNode:
		v.s, v.set = x.GetToken().Value, true
	default:
		d.errorf(v.pos, path, "want a single value, not %s", describe(r))
	}
	return v
}

// required reads a key that must be present with a non-empty value.
func (d *decoder) required(m *mapping, key string) value {
	before := len(d.probs)
	v := d.scalar(m, key)
	switch {
	case len(d.probs) > before:
		v.set = false // already reported
	case !v.set:
		d.errorf(m.pos, join(m.path, key), "%s is required", key)
	case strings.TrimSpace(v.s) == "":
		d.errorf(v.pos, v.path, "%s must not be empty", key)
		v.set = false
	}
	return v
}

// item is one element of a list.
type item struct {
	node ast.Node
	path string
	pos  Pos
}

// list reads a key's value as a list; a null or absent value is empty.
func (d *decoder) list(m *mapping, key string) ([]item, bool) {
	e, ok := m.get(key)
	if !ok {
		return nil, false
	}
	return d.listNode(e.val, e.path, e.kpos)
}

func (d *decoder) listNode(n ast.Node, path string, at Pos) ([]item, bool) {
	r := d.resolve(n, path)
	if r == nil {
		return nil, true
	}
	if !d.visit(posOf(r)) {
		return nil, false
	}
	d.at[path] = posOf(r)
	seq, ok := r.(*ast.SequenceNode)
	if !ok {
		d.errorf(posOf(r), path, "want a list, not %s", describe(r))
		return nil, false
	}
	out := make([]item, len(seq.Values))
	for i, x := range seq.Values {
		p := index(path, i)
		out[i] = item{node: x, path: p, pos: posOf(x)}
		d.at[p] = out[i].pos
	}
	return out, true
}

// nearest returns the candidate closest to s when it is close enough to
// be the key meant.
func nearest(s string, candidates []string) string {
	best, bestD := "", 3
	for _, c := range candidates {
		if dd := distance(strings.ToLower(s), c); dd < bestD {
			best, bestD = c, dd
		}
	}
	return best
}

// distance is the Levenshtein distance with adjacent transpositions.
func distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev2 := make([]int, len(rb)+1)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(rb)]
}
