package apply

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/rotaoncall/rota"
	pageload "github.com/rotaoncall/rota/load"
	"github.com/rotaoncall/rota/paging"
	"github.com/rotaoncall/rota/scheduler"
)

// Store is what apply needs of storage. The store's methods validate
// again, write the audit log for schedule changes, bump the paging
// configuration's revision for paging changes and check a schedule's,
// policy's or service's version when updating it.
type Store interface {
	UserByEmail(ctx context.Context, email string) (rota.User, string, error)
	User(ctx context.Context, id int64) (rota.User, error)
	CreateUser(ctx context.Context, u rota.User, passwordHash string) (rota.User, error)
	UpdateUser(ctx context.Context, u rota.User) (rota.User, error)
	TeamByName(ctx context.Context, name string) (rota.Team, error)
	CreateTeam(ctx context.Context, t rota.Team) (rota.Team, error)
	Members(ctx context.Context, teamID int64) ([]rota.Member, error)
	SetMember(ctx context.Context, teamID, userID int64, role rota.TeamRole) error
	RemoveMember(ctx context.Context, teamID, userID int64) error
	Schedules(ctx context.Context, teamID int64) ([]rota.Schedule, error)
	CreateSchedule(ctx context.Context, actor int64, s rota.Schedule) (rota.Schedule, error)
	UpdateSchedule(ctx context.Context, actor int64, s rota.Schedule) (rota.Schedule, error)
	DeleteSchedule(ctx context.Context, actor, id int64) error
	CreateOverride(ctx context.Context, actor int64, o rota.Override) (rota.Override, error)
	DeleteOverride(ctx context.Context, actor, scheduleID, overrideID int64) error

	Team(ctx context.Context, id int64) (rota.Team, error)
	Schedule(ctx context.Context, id int64) (rota.Schedule, error)
	ScheduleByName(ctx context.Context, teamID int64, name string) (rota.Schedule, error)
	Policies(ctx context.Context, teamID int64) ([]paging.Policy, error)
	CreatePolicy(ctx context.Context, p paging.Policy) (paging.Policy, error)
	UpdatePolicy(ctx context.Context, p paging.Policy) (paging.Policy, error)
	DeletePolicy(ctx context.Context, id int64) error
	Service(ctx context.Context, id int64) (paging.Service, error)
	ServiceByName(ctx context.Context, name string) (paging.Service, error)
	Services(ctx context.Context, teamID int64) ([]paging.Service, error)
	CreateService(ctx context.Context, s paging.Service) (paging.Service, error)
	UpdateService(ctx context.Context, s paging.Service) (paging.Service, error)
	DeleteService(ctx context.Context, id int64) error
	Integrations(ctx context.Context, serviceID int64) ([]paging.Integration, error)
	IntegrationByKeyHash(ctx context.Context, hash string) (paging.Integration, error)
	CreateIntegration(ctx context.Context, serviceID int64, name string, typ paging.IntegrationType, key string) (paging.Integration, error)
	SetIntegrationType(ctx context.Context, serviceID, id int64, typ paging.IntegrationType) error
	RevokeIntegration(ctx context.Context, serviceID, id int64) error
	RoutingRules(ctx context.Context) ([]paging.RoutingRule, error)
	SetRoutingRules(ctx context.Context, rules []paging.RoutingRule) ([]paging.RoutingRule, error)
	LoadThresholds(ctx context.Context, teamID int64) (pageload.Thresholds, error)
	SetLoadThresholds(ctx context.Context, actor, teamID int64, th pageload.Thresholds) error
}

// TxStore is a Store that can run work in one transaction, handing it a
// Store bound to that transaction.
type TxStore interface {
	Store
	InTx(ctx context.Context, fn func(tx Store) error) error
}

// Action is what a change does.
type Action string

// The actions of a plan.
const (
	Create Action = "create"
	Update Action = "update"
	Delete Action = "delete"
)

// phase orders execution: what a change relies on is done before it, and
// removals happen once nothing refers to what they remove. The plan lists
// changes in file order, for reading; execution sorts them by phase.
// What is made runs in the order things refer to each other (schedules,
// the policies targeting them, the services using those, their
// integrations, the routing rules naming services); what is removed runs
// in the reverse order, after the routing rules no longer name a service
// and the services no longer use a policy.
type phase int

const (
	phaseUsers phase = iota
	phaseTeams
	phaseMembers
	phasePruneOverrides
	phaseSchedules
	phaseOverrides
	phasePolicies
	phaseServices
	phaseIntegrations
	phaseRoutingRules
	phasePruneIntegrations
	phasePruneServices
	phasePrunePolicies
	phasePruneSchedules
	phasePruneMembers
)

// Change is one difference between the file and the database.
type Change struct {
	Action Action
	Kind   string   // user, team, member, schedule, override, policy, service, integration, routing rules
	Name   string   // e.g. payments/payments-oncall; "" for the routing rules
	Detail []string // for an update, what differs; otherwise a summary
	// Key is the integration key Rota generated for a new integration. The
	// plan shows it this once: only its hash is stored.
	Key   string
	tail  string // said after the summary: the key and where to send alerts
	phase phase
	run   func(ctx context.Context, st Store, r *refs) error
}

// Lines renders the change the way the plan prints it.
func (c Change) Lines() []string {
	switch c.Action {
	case Update:
		head := c.Kind
		if c.Name != "" {
			head += " " + c.Name
		}
		out := make([]string, len(c.Detail))
		for i, d := range c.Detail {
			out[i] = fmt.Sprintf("~ %s: %s", head, d)
		}
		return out
	default:
		sign := "+"
		if c.Action == Delete {
			sign = "-"
		}
		s := fmt.Sprintf("%s %s %s", sign, c.Kind, c.Name)
		if len(c.Detail) > 0 {
			s += " (" + strings.Join(c.Detail, ", ") + ")"
		}
		return []string{s + c.tail}
	}
}

// Plan is what applying a file does to the database.
type Plan struct {
	File    string
	Prune   bool
	Changes []Change
	Notes   []string
	// Invites are the one-time passwords of the users created, when
	// Options.Invite made them (filled in as the plan is applied).
	Invites []Invite
}

// Invite is a new user's one-time password, for whoever applied the file
// to hand over; Rota keeps only its hash.
type Invite struct {
	Email    string
	Password string
}

// Counts returns how many changes create, update and delete.
func (p *Plan) Counts() (create, update, del int) {
	for _, c := range p.Changes {
		switch c.Action {
		case Create:
			create++
		case Update:
			update++
		case Delete:
			del++
		}
	}
	return create, update, del
}

// Summary is the plan's last line: "N to create, M to update, K to delete".
func (p *Plan) Summary() string {
	c, u, d := p.Counts()
	return fmt.Sprintf("%d to create, %d to update, %d to delete", c, u, d)
}

// Write prints the plan: one line per change, then the summary and notes.
func (p *Plan) Write(w io.Writer) error {
	var b strings.Builder
	if len(p.Changes) == 0 {
		fmt.Fprintf(&b, "No changes: the database already matches %s.\n", p.File)
	}
	for _, c := range p.Changes {
		for _, l := range c.Lines() {
			b.WriteString(l)
			b.WriteByte('\n')
		}
	}
	b.WriteString(p.Summary())
	b.WriteByte('\n')
	for _, n := range p.Notes {
		b.WriteString("note: " + n + "\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// refs holds the database ids of what the file names, as they become
// known: at planning for what exists, during execution for what is made.
type refs struct {
	users     map[string]int64 // by email
	teams     map[string]int64 // by name
	schedules map[string]int64 // by team/schedule
	policies  map[string]int64 // by team/policy
	services  map[string]int64 // by name, unique across teams
}

func (r *refs) user(email string) (int64, error) {
	if id, ok := r.users[email]; ok {
		return id, nil
	}
	return 0, fmt.Errorf("no id for user %s", email)
}

// planner compares a file with the database.
type planner struct {
	ctx   context.Context
	st    Store
	f     *File
	prune bool
	keys  bool // generate the keys of new integrations (not in a dry run)
	// invite, when set, gives each new user a one-time password.
	invite func() (password, hash string, err error)
	// pruneOverride is Options.PruneOverride.
	pruneOverride func(scheduleID int64, o scheduler.Override) bool
	plan          *Plan
	refs          *refs
	emails        map[int64]string // user id → email, for showing and matching
	// probs are the file's references planning finds wrong: names of
	// schedules, users, policies and services that exist neither in the
	// file nor in the database.
	probs []Problem
	names nameCache
}

// teamPlan is what the sections of one team share while planning.
type teamPlan struct {
	team   *team
	id     int64 // 0 when the team does not exist yet
	exists bool
	// policies are the team's stored escalation policies by name.
	policies map[string]paging.Policy
}

func (p *planner) add(c Change) { p.plan.Changes = append(p.plan.Changes, c) }

// email returns the email of a user id that the database refers to.
func (p *planner) email(id int64) (string, error) {
	if e, ok := p.emails[id]; ok {
		return e, nil
	}
	u, err := p.st.User(p.ctx, id)
	if err != nil {
		return "", fmt.Errorf("user %d: %w", id, err)
	}
	p.emails[id] = u.Email
	return u.Email, nil
}

// MakePlan compares f with the database and returns what applying it would
// change; it writes nothing. With prune, what the file's teams have in the
// database but the file leaves out is deleted (never users, never other
// teams).
//
// A file can name schedules, users, escalation policies and services that
// only the database holds; one naming something that exists in neither is
// invalid, and the error is then a *Problems like Parse's. New
// integrations without a fixed key get their key when applied: a plan made
// here says a key will be generated.
func MakePlan(ctx context.Context, st Store, f *File, prune bool) (*Plan, error) {
	p, _, err := makePlan(ctx, st, f, Options{Prune: prune}, false)
	return p, err
}

func makePlan(ctx context.Context, st Store, f *File, opts Options, keys bool) (*Plan, *refs, error) {
	prune := opts.Prune
	p := &planner{ctx: ctx, st: st, f: f, prune: prune, keys: keys, invite: opts.Invite, pruneOverride: opts.PruneOverride, plan: &Plan{File: f.name, Prune: prune},
		refs: &refs{users: map[string]int64{}, teams: map[string]int64{}, schedules: map[string]int64{},
			policies: map[string]int64{}, services: map[string]int64{}},
		emails: map[int64]string{}, names: newNameCache()}
	for _, s := range fileSections() {
		if s.plan == nil {
			continue
		}
		if err := s.plan(p, f); err != nil {
			return nil, nil, err
		}
	}
	if len(p.probs) > 0 {
		return nil, nil, problems(f.name, p.probs)
	}
	return p.plan, p.refs, nil
}

// problem records something wrong with what the file refers to.
func (p *planner) problem(v value, format string, args ...any) {
	p.probs = append(p.probs, Problem{File: p.plan.File, Pos: v.pos, Path: v.path, Message: fmt.Sprintf(format, args...)})
}

// planTeams plans the users the teams' members are, then each team.
func planTeams(p *planner, f *File) error {
	if err := p.planUsers(f); err != nil {
		return err
	}
	for _, t := range f.teams {
		if err := p.planTeam(t); err != nil {
			return err
		}
	}
	return nil
}

// Options control Run.
type Options struct {
	DryRun bool // plan only
	Prune  bool // delete what the file's teams no longer declare
	// Invite, when set, makes a one-time password (and its hash) for each
	// user the file creates; the plan's Invites list them. Without it new
	// users get no password until an admin gives them one.
	Invite func() (password, hash string, err error)
	// PruneOverride, when set, deletes without Prune the overrides of the
	// file's schedules that the file does not declare and for which it
	// returns true (an importer pruning only what it made itself); with
	// Prune every such override goes.
	PruneOverride func(scheduleID int64, o scheduler.Override) bool
}

// Run compares f with the database and, unless opts.DryRun, applies the
// difference in one transaction: either every change is made or none is.
// The plan is computed inside that transaction, so it is exactly what was
// applied. On error the plan, when one was made, says what was attempted.
func Run(ctx context.Context, st TxStore, f *File, opts Options) (*Plan, error) {
	if opts.DryRun {
		p, _, err := makePlan(ctx, st, f, opts, false)
		return p, err
	}
	var plan *Plan
	err := st.InTx(ctx, func(tx Store) error {
		p, r, err := makePlan(ctx, tx, f, opts, true)
		if err != nil {
			return err
		}
		plan = p
		return p.execute(ctx, tx, r)
	})
	return plan, err
}

// execute makes the changes in dependency order.
func (p *Plan) execute(ctx context.Context, st Store, r *refs) error {
	order := slices.Clone(p.Changes)
	slices.SortStableFunc(order, func(a, b Change) int { return cmp.Compare(a.phase, b.phase) })
	for _, c := range order {
		if err := c.run(ctx, st, r); err != nil {
			return fmt.Errorf("%s %s %s: %w", c.Action, c.Kind, c.Name, err)
		}
	}
	return nil
}

// planUsers creates the users the database lacks and updates those whose
// declared fields differ. Users are never deleted: they may belong to
// teams the file does not name.
func (p *planner) planUsers(f *File) error {
	var fresh []string
	for _, u := range f.users {
		cur, _, err := p.st.UserByEmail(p.ctx, u.email)
		switch {
		case rota.IsCode(err, rota.ENotFound):
			nu := rota.User{Email: u.email, Name: u.name, Discipline: u.discipline, TimeZone: u.timeZone, Phone: u.phone}
			if nu.Discipline == "" {
				nu.Discipline = rota.Dev
			}
			if nu.TimeZone == "" {
				nu.TimeZone = "UTC"
			}
			detail := []string{nu.Name, string(nu.Discipline), nu.TimeZone}
			if nu.Phone != "" {
				detail = append(detail, "phone "+maskPhone(nu.Phone))
			}
			email := u.email
			plan, invite := p.plan, p.invite
			p.add(Change{Action: Create, Kind: "user", Name: email, Detail: detail, phase: phaseUsers,
				run: func(ctx context.Context, st Store, r *refs) error {
					// No password in the file: it is no place for one. With
					// Invite the user gets a one-time password; without,
					// an admin gives them one before they first sign in.
					hash, pw := "", ""
					if invite != nil {
						var err error
						if pw, hash, err = invite(); err != nil {
							return err
						}
						nu.MustChangePassword = true
					}
					made, err := st.CreateUser(ctx, nu, hash)
					if err != nil {
						return err
					}
					r.users[email] = made.ID
					if pw != "" {
						plan.Invites = append(plan.Invites, Invite{Email: email, Password: pw})
					}
					return nil
				}})
			fresh = append(fresh, email)
		case err != nil:
			return fmt.Errorf("look up user %s: %w", u.email, err)
		default:
			p.refs.users[u.email] = cur.ID
			p.emails[cur.ID] = cur.Email
			want := cur
			want.Name = u.name
			if u.discipline != "" {
				want.Discipline = u.discipline
			}
			if u.timeZone != "" {
				want.TimeZone = u.timeZone
			}
			if u.phoneSet {
				// A phone given in the file counts as verified; there is
				// nothing more to record until verification is stored.
				want.Phone = u.phone
			}
			var detail []string
			if want.Name != cur.Name {
				detail = append(detail, fmt.Sprintf("name %s → %s", cur.Name, want.Name))
			}
			if want.Discipline != cur.Discipline {
				detail = append(detail, fmt.Sprintf("discipline %s → %s", cur.Discipline, want.Discipline))
			}
			if want.TimeZone != cur.TimeZone {
				detail = append(detail, fmt.Sprintf("time_zone %s → %s", cur.TimeZone, want.TimeZone))
			}
			if want.Phone != cur.Phone {
				detail = append(detail, fmt.Sprintf("phone %s → %s", maskPhone(cur.Phone), maskPhone(want.Phone)))
			}
			if len(detail) == 0 {
				continue
			}
			p.add(Change{Action: Update, Kind: "user", Name: u.email, Detail: []string{strings.Join(detail, ", ")}, phase: phaseUsers,
				run: func(ctx context.Context, st Store, _ *refs) error {
					_, err := st.UpdateUser(ctx, want)
					return err
				}})
		}
	}
	if n := len(fresh); n > 0 {
		who := strings.Join(fresh[:min(n, 5)], ", ")
		if n > 5 {
			who += fmt.Sprintf(" and %d more", n-5)
		}
		if p.invite != nil {
			p.plan.Notes = append(p.plan.Notes, fmt.Sprintf("%d new user(s) get a one-time password each (%s), printed once the file is applied; each signs in with it and chooses their own", n, who))
		} else {
			p.plan.Notes = append(p.plan.Notes, fmt.Sprintf("%d new user(s) get no password (%s); to invite them, give each a one-time password: "+
				"Reset password on the web app's Users page, rota user reset-password --email EMAIL, or apply with --invite, which prints one per new user", n, who))
		}
	}
	return nil
}

// maskPhone shows enough of a number to tell numbers apart in a plan that
// may end up in a CI log, and no more.
func maskPhone(s string) string {
	if s == "" {
		return "none"
	}
	if len(s) <= 4 {
		return "…"
	}
	return "…" + s[len(s)-4:]
}

func (p *planner) planTeam(t *team) error {
	tp := &teamPlan{team: t}
	cur, err := p.st.TeamByName(p.ctx, t.name)
	switch {
	case err == nil:
		tp.id, tp.exists = cur.ID, true
		p.refs.teams[t.name] = cur.ID
		p.names.teams[cur.ID] = cur.Name
	case rota.IsCode(err, rota.ENotFound):
		name := t.name
		p.add(Change{Action: Create, Kind: "team", Name: name, phase: phaseTeams,
			run: func(ctx context.Context, st Store, r *refs) error {
				made, err := st.CreateTeam(ctx, rota.Team{Name: name})
				if err != nil {
					return err
				}
				r.teams[name] = made.ID
				return nil
			}})
	default:
		return fmt.Errorf("look up team %s: %w", t.name, err)
	}
	for _, s := range teamSections() {
		if s.plan == nil {
			continue
		}
		if err := s.plan(p, tp); err != nil {
			return err
		}
	}
	return nil
}

// planMembers adds members and changes roles; with prune it removes the
// members the file leaves out, last, once no layer or override of theirs
// is left.
func planMembers(p *planner, tp *teamPlan) error {
	t := tp.team
	cur := map[string]rota.Member{}
	if tp.exists {
		ms, err := p.st.Members(p.ctx, tp.id)
		if err != nil {
			return fmt.Errorf("list members of team %s: %w", t.name, err)
		}
		for _, m := range ms {
			cur[m.User.Email] = m
			p.emails[m.User.ID] = m.User.Email
		}
	}
	for _, m := range t.members {
		name := t.name + "/" + m.email
		email, role, team := m.email, m.role, t.name
		setRole := func(ctx context.Context, st Store, r *refs) error {
			uid, err := r.user(email)
			if err != nil {
				return err
			}
			return st.SetMember(ctx, r.teams[team], uid, role)
		}
		c, ok := cur[m.email]
		switch {
		case !ok:
			p.add(Change{Action: Create, Kind: "member", Name: name, Detail: []string{string(role)}, phase: phaseMembers, run: setRole})
		case c.Role != m.role:
			p.add(Change{Action: Update, Kind: "member", Name: name, Detail: []string{fmt.Sprintf("role %s → %s", c.Role, m.role)},
				phase: phaseMembers, run: setRole})
		}
	}
	if !p.prune {
		return nil
	}
	var gone []rota.Member
	for email, m := range cur {
		if _, kept := t.memberIx[email]; !kept {
			gone = append(gone, m)
		}
	}
	slices.SortFunc(gone, func(a, b rota.Member) int { return cmp.Compare(a.User.Email, b.User.Email) })
	for _, m := range gone {
		teamID, userID := tp.id, m.User.ID
		p.add(Change{Action: Delete, Kind: "member", Name: t.name + "/" + m.User.Email, phase: phasePruneMembers,
			run: func(ctx context.Context, st Store, _ *refs) error { return st.RemoveMember(ctx, teamID, userID) }})
	}
	return nil
}
