package apply

import (
	"errors"
	"strings"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/lexer"
	"github.com/goccy/go-yaml/parser"

	"github.com/rotaoncall/rota"
	"github.com/rotaoncall/rota/scheduler"
)

// MaxFileSize bounds the file Parse reads; on-call files are a few
// kilobytes.
const MaxFileSize = 4 << 20

// File is a validated declarative file: what its teams want to be true.
// Only Parse makes one, so a File is always complete and consistent.
type File struct {
	name    string
	teams   []*team
	users   []*user // every member once, in the order first declared
	byEmail map[string]*user
	// services holds every team's services by name: service names are
	// unique across teams, and routing rules name them alone.
	services map[string]*service
	keys     map[string]value // fixed integration keys, where first given
	rules    []*rule
	hasRules bool // routing_rules is present, so it replaces the stored rules
}

// Name is the file name given to Parse, as problems and the plan show it.
func (f *File) Name() string { return f.name }

// user is a person as the file declares them. Fields the file leaves out
// are left alone on an existing user.
type user struct {
	email      string
	name       string
	discipline rota.Discipline // "" when not given
	timeZone   string          // "" when not given
	phone      string
	phoneSet   bool
	at         value // the email where the user is first declared
}

type team struct {
	name      string
	at        value
	path      string
	members   []member
	memberIx  map[string]*user
	schedules []*schedule
	policies  []*policy
	services  []*service
	load      *loadSettings // nil: the file says nothing of the team's load thresholds
	// lists are the team's keys the file has. With --prune, a team's
	// escalation policies and services are pruned only when the file lists
	// them (an empty list included): a file that says nothing of them
	// leaves those managed elsewhere alone.
	lists map[string]bool
}

type member struct {
	email string
	role  rota.TeamRole
	at    value
}

// fileSection is one top-level key: how it is decoded and validated, and
// how it is planned. decode is nil for a key reserved for a later version,
// which a file may not use yet.
type fileSection struct {
	key    string
	what   string
	decode func(d *decoder, e entry, f *File)
	plan   func(p *planner, f *File) error
}

// teamSection is one key of a team entry besides its name: how it is
// decoded and validated, and how it is planned. Sections are decoded and
// planned in the order listed, so that a section may rely on the ones
// before it (schedules on members, escalation policies on schedules,
// services on escalation policies). decode is nil for a reserved key.
type teamSection struct {
	key    string
	what   string
	decode func(d *decoder, e entry, f *File, t *team)
	plan   func(p *planner, tp *teamPlan) error
}

func fileSections() []fileSection {
	return []fileSection{
		{key: "teams", decode: decodeTeams, plan: planTeams},
		{key: "routing_rules", decode: decodeRules, plan: planRules},
	}
}

func teamSections() []teamSection {
	return []teamSection{
		{key: "members", decode: decodeMembers, plan: planMembers},
		{key: "schedules", decode: decodeSchedules, plan: planSchedules},
		{key: "escalation_policies", decode: decodePolicies, plan: planPolicies},
		{key: "services", decode: decodeServices, plan: planServices},
		{key: "load", decode: decodeLoad, plan: planLoad},
	}
}

func (s fileSection) keyInfo() (string, string, bool) { return s.key, s.what, s.decode == nil }
func (s teamSection) keyInfo() (string, string, bool) { return s.key, s.what, s.decode == nil }

// keysOf splits sections into the keys this version understands and the
// reserved ones.
func keysOf[S interface{ keyInfo() (string, string, bool) }](secs []S) ([]string, []reservedKey) {
	var allowed []string
	var reserved []reservedKey
	for _, s := range secs {
		key, what, isReserved := s.keyInfo()
		if isReserved {
			reserved = append(reserved, reservedKey{key: key, what: what})
		} else {
			allowed = append(allowed, key)
		}
	}
	return allowed, reserved
}

// Parse reads and validates a whole declarative file. name is how
// problems name the file. The error, when not nil, is a *Problems listing
// every problem found (up to MaxProblems) with its line, column and field.
func Parse(name string, src []byte) (*File, error) {
	d := newDecoder(name)
	if len(src) > MaxFileSize {
		d.errorf(Pos{}, "", "the file is larger than %d MiB", MaxFileSize>>20)
		return nil, problems(name, d.probs)
	}
	// The shape is checked before the parser sees the file: it is the
	// parser that takes memory without bound (see maxDepth).
	if line, msg := prescan(src); msg != "" {
		d.errorf(Pos{Line: line}, "", "%s", msg)
		return nil, problems(name, d.probs)
	}
	tokens := lexer.Tokenize(string(src))
	if at, msg := checkShape(tokens); msg != "" {
		d.errorf(at, "", "%s", msg)
		return nil, problems(name, d.probs)
	}
	tree, err := parser.Parse(tokens, 0)
	if err != nil {
		var ye yaml.Error
		if errors.As(err, &ye) {
			at := Pos{}
			if tk := ye.GetToken(); tk != nil && tk.Position != nil {
				at = Pos{Line: tk.Position.Line, Column: tk.Position.Column}
			}
			d.errorf(at, "", "%s", ye.GetMessage())
		} else {
			d.errorf(Pos{}, "", "not YAML: %v", err)
		}
		return nil, problems(name, d.probs)
	}
	var bodies []ast.Node
	for _, doc := range tree.Docs {
		if doc != nil && doc.Body != nil {
			bodies = append(bodies, doc.Body)
		}
	}
	switch {
	case len(bodies) == 0:
		d.errorf(Pos{Line: 1}, "", "the file is empty; it should start with teams:")
	case len(bodies) > 1:
		d.errorf(posOf(bodies[1]), "", "the file holds %d YAML documents; put everything in one", len(bodies))
	default:
		d.collectAnchors(bodies[0])
		f := &File{name: name, byEmail: map[string]*user{}, services: map[string]*service{}, keys: map[string]value{}}
		d.decodeFile(bodies[0], f)
		if len(d.probs) == 0 {
			return f, nil
		}
	}
	return nil, problems(name, d.probs)
}

func (d *decoder) decodeFile(body ast.Node, f *File) {
	m, ok := d.mapping(body, "", Pos{Line: 1, Column: 1})
	if !ok {
		return
	}
	// Top-level keys starting with x- are ignored, as in Compose files:
	// they are where anchors for shared values live.
	kept := m.entries[:0:0]
	for _, e := range m.entries {
		if !strings.HasPrefix(e.key, "x-") {
			kept = append(kept, e)
		}
	}
	m.entries = kept
	secs := fileSections()
	allowed, reserved := keysOf(secs)
	m.check(d, allowed, reserved)
	if _, ok := m.get("teams"); !ok && len(m.entries) == 0 {
		d.errorf(m.pos, "teams", "teams is required")
	}
	for _, s := range secs {
		if e, ok := m.get(s.key); ok && s.decode != nil {
			s.decode(d, e, f)
		}
	}
}

func decodeTeams(d *decoder, e entry, f *File) {
	items, _ := d.listNode(e.val, e.path, e.kpos)
	seen := map[string]value{}
	for _, it := range items {
		t := d.decodeTeam(it, f)
		if t == nil || t.name == "" {
			continue
		}
		if first, dup := seen[t.name]; dup {
			d.errorf(t.at.pos, t.at.path, "team %q is declared twice (first at line %d); declare each team once", t.name, first.pos.Line)
			continue
		}
		seen[t.name] = t.at
		f.teams = append(f.teams, t)
	}
}

func (d *decoder) decodeTeam(it item, f *File) *team {
	m, ok := d.mapping(it.node, it.path, it.pos)
	if !ok {
		return nil
	}
	secs := teamSections()
	allowed, reserved := keysOf(secs)
	m.check(d, append([]string{"name"}, allowed...), reserved)
	t := &team{path: it.path, memberIx: map[string]*user{}, lists: map[string]bool{}}
	for _, e := range m.entries {
		t.lists[e.key] = true
	}
	t.at = d.required(m, "name")
	if t.at.set {
		rt := rota.Team{Name: t.at.s}
		if err := rt.Validate(); err != nil {
			d.errorf(t.at.pos, t.at.path, "%s", rota.ErrorMessage(err))
		} else {
			t.name = rt.Name
		}
	}
	for _, s := range secs {
		if e, ok := m.get(s.key); ok && s.decode != nil {
			s.decode(d, e, f, t)
		}
	}
	return t
}

func decodeMembers(d *decoder, e entry, f *File, t *team) {
	items, _ := d.listNode(e.val, e.path, e.kpos)
	for _, it := range items {
		m, ok := d.mapping(it.node, it.path, it.pos)
		if !ok {
			continue
		}
		m.check(d, []string{"email", "name", "discipline", "time_zone", "phone", "role"}, nil)
		u := &user{}
		before := len(d.probs)
		u.at = d.required(m, "email")
		if u.at.set && d.checkUser(u.at, func(p *rota.User) { p.Email = u.at.s }) {
			u.email = rota.NormalizeEmail(u.at.s)
		}
		if v := d.required(m, "name"); v.set {
			u.name = strings.TrimSpace(v.s)
			d.checkUser(v, func(p *rota.User) { p.Name = v.s })
		}
		if v := d.scalar(m, "discipline"); v.set {
			u.discipline = rota.Discipline(v.s)
			d.checkUser(v, func(p *rota.User) { p.Discipline = rota.Discipline(v.s) })
		}
		if v := d.scalar(m, "time_zone"); v.set {
			u.timeZone = v.s
			d.checkUser(v, func(p *rota.User) { p.TimeZone = v.s })
		}
		if v := d.scalar(m, "phone"); v.set {
			u.phone, u.phoneSet = strings.TrimSpace(v.s), true
			d.checkUser(v, func(p *rota.User) { p.Phone = strings.TrimSpace(v.s) })
		}
		role := rota.TeamMember
		if v := d.scalar(m, "role"); v.set {
			role = rota.TeamRole(v.s)
			if !role.Valid() {
				d.errorf(v.pos, v.path, "role must be admin or member, not %q", v.s)
			}
		}
		if u.email == "" {
			continue
		}
		// With a good email the member counts even when other fields are
		// wrong, so that layers naming them do not report them missing.
		clean := len(d.probs) == before
		if _, dup := t.memberIx[u.email]; dup {
			first := u.at
			for _, mm := range t.members {
				if mm.email == u.email {
					first = mm.at
				}
			}
			d.errorf(u.at.pos, u.at.path, "%s is listed twice in team %s (first at line %d)", u.email, t.at.s, first.pos.Line)
			continue
		}
		if clean {
			u = f.addUser(d, u)
		}
		t.memberIx[u.email] = u
		t.members = append(t.members, member{email: u.email, role: role, at: u.at})
	}
}

// checkUser validates one field of a member with the same rules the store
// applies, by setting it on an otherwise valid user.
func (d *decoder) checkUser(v value, set func(*rota.User)) bool {
	probe := rota.User{Email: "probe@example.com", Name: "probe", Discipline: rota.Dev, TimeZone: "UTC"}
	set(&probe)
	if err := probe.Validate(); err != nil {
		d.errorf(v.pos, v.path, "%s", rota.ErrorMessage(err))
		return false
	}
	return true
}

// addUser records a member; one declared in several teams must be
// declared the same way each time, since there is one user behind them.
func (f *File) addUser(d *decoder, u *user) *user {
	prev, ok := f.byEmail[u.email]
	if !ok {
		f.byEmail[u.email] = u
		f.users = append(f.users, u)
		return u
	}
	clash := func(field, a, b string) {
		d.errorf(u.at.pos, u.at.path, "%s has %s %q here but %q at line %d; one person has one %s", u.email, field, b, a, prev.at.pos.Line, field)
	}
	if prev.name != u.name {
		clash("name", prev.name, u.name)
	}
	switch {
	case u.discipline != "" && prev.discipline != "" && u.discipline != prev.discipline:
		clash("discipline", string(prev.discipline), string(u.discipline))
	case prev.discipline == "":
		prev.discipline = u.discipline
	}
	switch {
	case u.timeZone != "" && prev.timeZone != "" && u.timeZone != prev.timeZone:
		clash("time_zone", prev.timeZone, u.timeZone)
	case prev.timeZone == "":
		prev.timeZone = u.timeZone
	}
	switch {
	case u.phoneSet && prev.phoneSet && u.phone != prev.phone:
		d.errorf(u.at.pos, u.at.path, "%s has a different phone here than at line %d; one person has one phone", u.email, prev.at.pos.Line)
	case !prev.phoneSet:
		prev.phone, prev.phoneSet = u.phone, u.phoneSet
	}
	return prev
}

// engineers returns the team's members as the scheduler sees them during
// validation: the email stands in for the id that does not exist yet.
func (t *team) engineers() []scheduler.Engineer {
	out := make([]scheduler.Engineer, len(t.members))
	for i, m := range t.members {
		u := t.memberIx[m.email]
		disc := scheduler.Discipline(u.discipline)
		if disc == "" {
			disc = scheduler.DisciplineDev // the stored one is not known yet; any valid value does here
		}
		out[i] = scheduler.Engineer{ID: m.email, Name: u.name, Discipline: disc, TimeZone: u.timeZone}
	}
	return out
}
