package apply

import (
	"github.com/goccy/go-yaml/token"
)

// Limits on a file's shape, checked before it is parsed. goccy/go-yaml's
// parser recurses once per level of nesting and gives every node its full
// path ($.teams[0].schedules[0]…) as a fresh string, so its memory grows
// with the number of nodes times the length of their paths: 200 KB of
// nested [[[…]]] took gigabytes, and so does a long key over many values.
// An on-call file nests about eight levels deep and has short keys.
const (
	// maxFlowBrackets bounds open [ and { counted on the raw bytes, before
	// anything is tokenized. Brackets inside text count too, which is why
	// it is far above maxDepth.
	maxFlowBrackets = 256
	// maxTokens bounds the tokens of a file (a value, a colon, a bracket,
	// a dash each count), estimated on the raw bytes and then counted.
	maxTokens = 300_000
	// maxDepth bounds nesting: mappings, lists and flow collections.
	maxDepth = 32
	// maxPathBytes bounds the path text the parser would build for all
	// nodes together.
	maxPathBytes = 64 << 20
)

// prescan looks at the raw bytes, without allocating, for the shapes that
// would make tokenizing or parsing expensive: too many open brackets, or
// too many tokens. It returns the line of the problem and what is wrong.
func prescan(src []byte) (line int, problem string) {
	line = 1
	open, tokens := 0, 0
	prevSpace := true // at the start of a line or after a blank or indicator
	for i, c := range src {
		switch c {
		case '\n':
			line++
			prevSpace = true
			continue
		case ' ', '\t', '\r':
			prevSpace = true
			continue
		case '[', '{':
			open++
			tokens++
			if open > maxFlowBrackets {
				return line, "the file opens more than 256 brackets ([ or {) without closing them; an on-call file nests a few levels deep"
			}
			prevSpace = true
			continue
		case ']', '}':
			if open > 0 {
				open--
			}
			tokens++
			prevSpace = true
			continue
		case ',':
			tokens++
			prevSpace = true
			continue
		case ':', '-', '?':
			// An indicator when followed by a blank: key: value, - item.
			if i+1 == len(src) || src[i+1] == ' ' || src[i+1] == '\n' || src[i+1] == '\t' || src[i+1] == '\r' {
				tokens++
				prevSpace = true
				continue
			}
		}
		if prevSpace {
			tokens++
			if tokens > maxTokens {
				return line, "the file holds more than 300000 values; an on-call file holds a few thousand"
			}
		}
		prevSpace = false
	}
	return 0, ""
}

// frame is one open level of nesting while checking the tokens: a block
// mapping key or list entry at a column, or a flow collection.
type frame struct {
	col  int
	kind byte // 'k' key, '-' block list entry, 'f' flow collection
	cost int  // the bytes this level adds to the paths below it
}

// checkShape walks the tokens the parser would read and estimates, level
// by level, the depth and the path text of every node, stopping at the
// first token past a limit. It returns that token's position and what is
// wrong, or an empty problem.
func checkShape(tks token.Tokens) (at Pos, problem string) {
	if len(tks) > maxTokens {
		p := tks[maxTokens].Position
		return Pos{Line: p.Line, Column: p.Column}, "the file holds more than 300000 values; an on-call file holds a few thousand"
	}
	var (
		stack    []frame
		pathLen  int // sum of the costs on the stack
		work     int
		line     = -1
		flow     int
		prev     *token.Token
		skipNext bool // the next token is the text of a | or > block
	)
	pop := func() {
		pathLen -= stack[len(stack)-1].cost
		stack = stack[:len(stack)-1]
	}
	push := func(f frame) {
		stack = append(stack, f)
		pathLen += f.cost
	}
	for _, tk := range tks {
		if tk.Type == token.CommentType {
			continue
		}
		p := tk.Position
		if tk.Type == token.DocumentHeaderType || tk.Type == token.DocumentEndType {
			stack, pathLen, flow, prev = stack[:0], 0, 0, nil
			continue
		}
		if flow == 0 && p.Line != line && !skipNext {
			// The first token of a line in block context closes the
			// levels indented deeper than it.
			for len(stack) > 0 && stack[len(stack)-1].col > p.Column {
				pop()
			}
			if tk.Type == token.SequenceEntryType {
				for len(stack) > 0 && stack[len(stack)-1].col == p.Column && stack[len(stack)-1].kind == '-' {
					pop()
				}
			}
		}
		skipNext = false
		line = p.Line
		switch tk.Type {
		case token.LiteralType, token.FoldedType:
			skipNext = true
		case token.SequenceEntryType:
			if flow == 0 {
				push(frame{col: p.Column, kind: '-', cost: 9})
			}
		case token.SequenceStartType, token.MappingStartType:
			flow++
			push(frame{col: -1, kind: 'f', cost: 9})
		case token.SequenceEndType, token.MappingEndType:
			if flow > 0 && len(stack) > 0 && stack[len(stack)-1].kind == 'f' {
				flow--
				pop()
			}
		case token.MappingValueType:
			keyLen, col := 0, p.Column
			if prev != nil {
				keyLen, col = len(prev.Value), prev.Position.Column
			}
			if flow > 0 {
				// A key inside {…}: the path of its value ends in it.
				top := &stack[len(stack)-1]
				pathLen += 9 + keyLen + 3 - top.cost
				top.cost = 9 + keyLen + 3
				break
			}
			// A block key closes its siblings (keys at its column) and a
			// list entry at its column ends the list.
			for len(stack) > 0 {
				top := stack[len(stack)-1]
				if top.col > col || top.col == col && (top.kind == 'k' || top.kind == '-') {
					pop()
					continue
				}
				break
			}
			push(frame{col: col, kind: 'k', cost: keyLen + 3})
		}
		if len(stack) > maxDepth {
			return Pos{Line: p.Line, Column: p.Column}, "the file nests more than 32 levels deep; an on-call file nests about eight"
		}
		work += pathLen + 16
		if work > maxPathBytes {
			return Pos{Line: p.Line, Column: p.Column}, "the file's structure is too large to read (many values under long keys or deep nesting); an on-call file is a few kilobytes"
		}
		prev = tk
	}
	return Pos{}, ""
}
