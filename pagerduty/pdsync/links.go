package pdsync

import (
	"context"
	"fmt"

	"github.com/rotaoncall/rota"
	"github.com/rotaoncall/rota/pagerduty"
	"github.com/rotaoncall/rota/scheduler"
)

// Renames are what recognition changes in a converted organisation: the
// converted name (or email) of an object an earlier import made, mapped to
// the name it has in Rota now.
type Renames struct {
	Emails    map[string]string    // converted email → Rota's
	Teams     map[string]string    // converted team name → Rota's
	Schedules map[[2]string]string // (converted team, converted schedule) → Rota's schedule name
	Policies  map[[2]string]string // (converted team, converted policy) → Rota's policy name
	Services  map[string]string    // converted service name → Rota's
}

func newRenames() Renames {
	return Renames{Emails: map[string]string{}, Teams: map[string]string{}, Schedules: map[[2]string]string{},
		Policies: map[[2]string]string{}, Services: map[string]string{}}
}

// Empty reports whether nothing is renamed.
func (r Renames) Empty() bool {
	return len(r.Emails)+len(r.Teams)+len(r.Schedules)+len(r.Policies)+len(r.Services) == 0
}

// Rename rewrites org with r, every reference included (members,
// participants, overrides, policy targets, services' policies). It is
// pure.
func Rename(org *pagerduty.Org, r Renames) {
	email := func(e string) string {
		if n, ok := r.Emails[e]; ok {
			return n
		}
		return e
	}
	team := func(t string) string {
		if n, ok := r.Teams[t]; ok {
			return n
		}
		return t
	}
	for i := range org.Users {
		org.Users[i].Email = email(org.Users[i].Email)
	}
	for ti := range org.Teams {
		t := &org.Teams[ti]
		orig := t.Name
		for i := range t.Members {
			t.Members[i].Email = email(t.Members[i].Email)
		}
		for si := range t.Schedules {
			s := &t.Schedules[si].Schedule
			if n, ok := r.Schedules[[2]string{orig, s.Name}]; ok {
				s.Name = n
			}
			for i := range s.Members {
				s.Members[i].ID = email(s.Members[i].ID)
			}
			for li := range s.Layers {
				for i, p := range s.Layers[li].Participants {
					s.Layers[li].Participants[i] = email(p)
				}
			}
			for i := range s.Overrides {
				s.Overrides[i].EngineerID = email(s.Overrides[i].EngineerID)
			}
		}
		for pi := range t.Policies {
			p := &t.Policies[pi]
			if n, ok := r.Policies[[2]string{orig, p.Name}]; ok {
				p.Name = n
			}
			for si := range p.Steps {
				for i, tg := range p.Steps[si].Targets {
					if tg.Email != "" {
						tg.Email = email(tg.Email)
					}
					if tg.Schedule != "" {
						if n, ok := r.Schedules[[2]string{tg.Team, tg.Schedule}]; ok {
							tg.Schedule = n
						}
						tg.Team = team(tg.Team)
					}
					p.Steps[si].Targets[i] = tg
				}
			}
		}
		for si := range t.Services {
			s := &t.Services[si]
			if n, ok := r.Services[s.Name]; ok {
				s.Name = n
			}
			if s.Policy != "" {
				if n, ok := r.Policies[[2]string{orig, s.Policy}]; ok {
					s.Policy = n
				}
			}
		}
		t.Name = team(orig)
	}
}

// recognise reads the links earlier imports left and works out the
// renames that make org name what they made by its name in Rota. A link
// to an object since deleted, or one whose Rota name another converted
// object already has, is not followed. It returns the renames and a
// "changed" problem for each, for the report.
func recognise(ctx context.Context, st Store, org *pagerduty.Org) (Renames, []pagerduty.Problem, error) {
	r := newRenames()
	links, err := st.Links(ctx, Source)
	if err != nil {
		return r, nil, err
	}
	if len(links) == 0 {
		return r, nil, nil
	}
	byKey := map[[2]string]int64{}
	for _, l := range links {
		byKey[[2]string{l.Kind, l.ExternalID}] = l.RotaID
	}
	linked := func(kind, id string) (int64, bool) {
		if id == "" {
			return 0, false
		}
		v, ok := byKey[[2]string{kind, id}]
		return v, ok
	}
	gone := func(err error) bool { return rota.IsCode(err, rota.ENotFound) }
	var probs []pagerduty.Problem
	note := func(kind, id, name, rotaName string) {
		probs = append(probs, pagerduty.Problem{Action: pagerduty.Changed, Kind: kind, ID: id, Name: name,
			Reason: fmt.Sprintf("recognised by its PagerDuty id as %q, which an earlier import made: Rota keeps its name", rotaName)})
	}

	emails := map[string]bool{}
	for _, u := range org.Users {
		emails[u.Email] = true
	}
	for _, u := range org.Users {
		id, ok := linked(KindUser, u.PagerDutyID)
		if !ok {
			continue
		}
		cur, err := st.User(ctx, id)
		switch {
		case gone(err):
			continue
		case err != nil:
			return r, nil, err
		}
		if cur.Email != u.Email && !emails[cur.Email] {
			r.Emails[u.Email] = cur.Email
			note("user", u.PagerDutyID, u.Email, cur.Email)
		}
	}

	teamNames := map[string]bool{}
	for _, t := range org.Teams {
		teamNames[t.Name] = true
	}
	teamName := map[int64]string{}
	nameOfTeam := func(id int64) (string, error) {
		if n, ok := teamName[id]; ok {
			return n, nil
		}
		t, err := st.Team(ctx, id)
		if err != nil {
			return "", err
		}
		teamName[id] = t.Name
		return t.Name, nil
	}
	for _, t := range org.Teams {
		id, ok := linked(KindTeam, t.PagerDutyID)
		if !ok {
			continue
		}
		n, err := nameOfTeam(id)
		switch {
		case gone(err):
			continue
		case err != nil:
			return r, nil, err
		}
		if n != t.Name && !teamNames[n] {
			r.Teams[t.Name] = n
			note("team", t.PagerDutyID, t.Name, n)
		}
	}
	// sameTeam: a linked object is followed only while it is still in the
	// team the converted one is in.
	sameTeam := func(t pagerduty.Team, teamID int64) (bool, error) {
		n, err := nameOfTeam(teamID)
		if err != nil {
			return false, err
		}
		want := t.Name
		if rn, ok := r.Teams[t.Name]; ok {
			want = rn
		}
		return n == want, nil
	}
	services := map[string]bool{}
	for _, t := range org.Teams {
		for _, s := range t.Services {
			services[s.Name] = true
		}
	}
	for _, t := range org.Teams {
		scheds, pols := map[string]bool{}, map[string]bool{}
		for _, s := range t.Schedules {
			scheds[s.Name] = true
		}
		for _, p := range t.Policies {
			pols[p.Name] = true
		}
		for _, s := range t.Schedules {
			id, ok := linked(KindSchedule, s.PagerDutyID)
			if !ok {
				continue
			}
			cur, err := st.Schedule(ctx, id)
			if gone(err) {
				continue
			}
			if err != nil {
				return r, nil, err
			}
			same, err := sameTeam(t, rota.ParseID(cur.TeamID))
			if err != nil && !gone(err) {
				return r, nil, err
			}
			if same && cur.Name != s.Name && !scheds[cur.Name] {
				r.Schedules[[2]string{t.Name, s.Name}] = cur.Name
				note("schedule", s.PagerDutyID, s.Name, cur.Name)
			}
		}
		for _, p := range t.Policies {
			id, ok := linked(KindPolicy, p.PagerDutyID)
			if !ok {
				continue
			}
			cur, err := st.Policy(ctx, id)
			if gone(err) {
				continue
			}
			if err != nil {
				return r, nil, err
			}
			same, err := sameTeam(t, cur.TeamID)
			if err != nil && !gone(err) {
				return r, nil, err
			}
			if same && cur.Name != p.Name && !pols[cur.Name] {
				r.Policies[[2]string{t.Name, p.Name}] = cur.Name
				note("escalation_policy", p.PagerDutyID, p.Name, cur.Name)
			}
		}
		for _, s := range t.Services {
			id, ok := linked(KindService, s.PagerDutyID)
			if !ok {
				continue
			}
			cur, err := st.Service(ctx, id)
			if gone(err) {
				continue
			}
			if err != nil {
				return r, nil, err
			}
			same, err := sameTeam(t, cur.TeamID)
			if err != nil && !gone(err) {
				return r, nil, err
			}
			if same && cur.Name != s.Name && !services[cur.Name] {
				r.Services[s.Name] = cur.Name
				note("service", s.PagerDutyID, s.Name, cur.Name)
			}
		}
	}
	return r, probs, nil
}

// orgNames are the names of a converted organisation's objects, kept
// before Rename for the links.
type orgNames struct {
	users []string
	teams []teamNames
}

type teamNames struct {
	name                          string
	schedules, policies, services []string
}

func namesOf(org *pagerduty.Org) orgNames {
	var n orgNames
	for _, u := range org.Users {
		n.users = append(n.users, u.Email)
	}
	for _, t := range org.Teams {
		tn := teamNames{name: t.Name}
		for _, s := range t.Schedules {
			tn.schedules = append(tn.schedules, s.Name)
		}
		for _, p := range t.Policies {
			tn.policies = append(tn.policies, p.Name)
		}
		for _, s := range t.Services {
			tn.services = append(tn.services, s.Name)
		}
		n.teams = append(n.teams, tn)
	}
	return n
}

// linksOf finds the Rota objects org's objects now are (by their names,
// after Rename) and returns a link for each, named by origin's names
// (PagerDuty's, before Rename). Objects not in the database (a dry run)
// are left out.
func linksOf(ctx context.Context, st Store, org *pagerduty.Org, origin orgNames) ([]Link, error) {
	var out []Link
	gone := func(err error) bool { return rota.IsCode(err, rota.ENotFound) }
	users := map[string]int64{}
	for i, u := range org.Users {
		if u.PagerDutyID == "" {
			continue
		}
		cur, _, err := st.UserByEmail(ctx, u.Email)
		if gone(err) {
			continue
		}
		if err != nil {
			return nil, err
		}
		out = append(out, Link{Kind: KindUser, ExternalID: u.PagerDutyID, RotaID: cur.ID, Name: origin.users[i]})
	}
	for ti, t := range org.Teams {
		ot := origin.teams[ti]
		team, err := st.TeamByName(ctx, t.Name)
		if gone(err) {
			continue
		}
		if err != nil {
			return nil, err
		}
		if t.PagerDutyID != "" {
			out = append(out, Link{Kind: KindTeam, ExternalID: t.PagerDutyID, RotaID: team.ID, Name: ot.name})
		}
		for si, s := range t.Schedules {
			cur, err := st.ScheduleByName(ctx, team.ID, s.Name)
			if gone(err) {
				continue
			}
			if err != nil {
				return nil, err
			}
			out = append(out, Link{Kind: KindSchedule, ExternalID: s.PagerDutyID, RotaID: rota.ParseID(cur.ID), Name: ot.schedules[si]})
			ls, err := overrideLinks(ctx, st, users, s.Overrides, cur.Overrides, ot.schedules[si])
			if err != nil {
				return nil, err
			}
			out = append(out, ls...)
		}
		if len(t.Policies) > 0 {
			pols, err := st.Policies(ctx, team.ID)
			if err != nil {
				return nil, err
			}
			ids := map[string]int64{}
			for _, p := range pols {
				ids[p.Name] = p.ID
			}
			for pi, p := range t.Policies {
				if id, ok := ids[p.Name]; ok && p.PagerDutyID != "" {
					out = append(out, Link{Kind: KindPolicy, ExternalID: p.PagerDutyID, RotaID: id, Name: ot.policies[pi]})
				}
			}
		}
		for si, s := range t.Services {
			if s.PagerDutyID == "" {
				continue
			}
			cur, err := st.ServiceByName(ctx, s.Name)
			if gone(err) {
				continue
			}
			if err != nil {
				return nil, err
			}
			out = append(out, Link{Kind: KindService, ExternalID: s.PagerDutyID, RotaID: cur.ID, Name: ot.services[si]})
		}
	}
	return out, nil
}

// overrideLinks links each of PagerDuty's overrides of a schedule (by
// email, after Rename) to the stored override with the same tier, person
// and instants. users caches email → user id.
func overrideLinks(ctx context.Context, st Store, users map[string]int64, pd, stored []scheduler.Override, schedule string) ([]Link, error) {
	type key struct {
		tier       scheduler.Tier
		user       string
		start, end int64
	}
	have := map[key][]string{}
	for _, o := range stored {
		k := key{o.Tier, o.EngineerID, o.Start.UnixNano(), o.End.UnixNano()}
		have[k] = append(have[k], o.ID)
	}
	var out []Link
	for _, o := range pd {
		if o.ID == "" {
			continue
		}
		id, ok := users[o.EngineerID]
		if !ok {
			u, _, err := st.UserByEmail(ctx, o.EngineerID)
			if err != nil && !rota.IsCode(err, rota.ENotFound) {
				return nil, err
			}
			id, users[o.EngineerID] = u.ID, u.ID
		}
		k := key{o.Tier, rota.ID(id), o.Start.UnixNano(), o.End.UnixNano()}
		if id == 0 || len(have[k]) == 0 {
			continue // a dry run, or an override apply could not make
		}
		out = append(out, Link{Kind: KindOverride, ExternalID: o.ID, RotaID: rota.ParseID(have[k][0]), Name: schedule})
		have[k] = have[k][1:]
	}
	return out, nil
}

// changedLinks keeps the links that differ from what is stored.
func changedLinks(have, want []Link) []Link {
	cur := map[[2]string]Link{}
	for _, l := range have {
		cur[[2]string{l.Kind, l.ExternalID}] = l
	}
	var out []Link
	for _, l := range want {
		c, ok := cur[[2]string{l.Kind, l.ExternalID}]
		if ok && c.RotaID == l.RotaID && c.Name == l.Name {
			continue
		}
		out = append(out, l)
	}
	return out
}
