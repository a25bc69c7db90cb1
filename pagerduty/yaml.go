package pagerduty

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/goccy/go-yaml"

	"github.com/rotaoncall/rota"
	"github.com/rotaoncall/rota/scheduler"
)

// YAMLOptions tune WriteYAML.
type YAMLOptions struct {
	// Discipline, when set, is written for every member (PagerDuty has no
	// disciplines; left out, Rota keeps a member's or defaults to dev).
	Discipline rota.Discipline
	// OmitKeys leaves integration keys out, for a file kept in a
	// repository: Rota then generates new keys and prints them once.
	OmitKeys bool
	// Report, when given, is written at the top as comments, so the file
	// says what was left out.
	Report *Report
}

// The declarative file's shapes (see apply): an import writes exactly what
// `rota apply` reads.
type (
	yFile struct {
		Teams []yTeam `yaml:"teams"`
	}
	yTeam struct {
		Name      string      `yaml:"name"`
		Members   []yMember   `yaml:"members,omitempty"`
		Schedules []ySchedule `yaml:"schedules,omitempty"`
		Policies  []yPolicy   `yaml:"escalation_policies,omitempty"`
		Services  []yService  `yaml:"services,omitempty"`
	}
	yMember struct {
		Email      string `yaml:"email"`
		Name       string `yaml:"name"`
		Discipline string `yaml:"discipline,omitempty"`
		TimeZone   string `yaml:"time_zone,omitempty"`
		Phone      string `yaml:"phone,omitempty"`
		Role       string `yaml:"role,omitempty"`
	}
	ySchedule struct {
		Name      string      `yaml:"name"`
		TimeZone  string      `yaml:"time_zone"`
		Tiers     yTiers      `yaml:"tiers"`
		Overrides []yOverride `yaml:"overrides,omitempty"`
	}
	yTiers struct {
		Primary []yLayer `yaml:"primary"`
	}
	yLayer struct {
		Name         string   `yaml:"name"`
		Participants []string `yaml:"participants,flow"`
		Start        string   `yaml:"start"`
		Shift        string   `yaml:"shift"`
		Coverage     any      `yaml:"coverage"`
	}
	yWindow struct {
		Days []string `yaml:"days,flow"`
		From string   `yaml:"from"`
		To   string   `yaml:"to"`
	}
	yOverride struct {
		Tier string `yaml:"tier"`
		User string `yaml:"user"`
		From string `yaml:"from"`
		To   string `yaml:"to"`
	}
	yPolicy struct {
		Name        string  `yaml:"name"`
		Repeat      int     `yaml:"repeat"`
		RepeatAfter string  `yaml:"repeat_after"`
		Steps       []yStep `yaml:"steps"`
	}
	yStep struct {
		After   string    `yaml:"after"`
		Targets []yTarget `yaml:"targets"`
	}
	yTarget struct {
		Schedule string `yaml:"schedule,omitempty"`
		Tier     string `yaml:"tier,omitempty"`
		User     string `yaml:"user,omitempty"`
	}
	yService struct {
		Name         string         `yaml:"name"`
		Description  string         `yaml:"description,omitempty"`
		Policy       string         `yaml:"escalation_policy,omitempty"`
		Urgency      string         `yaml:"urgency"`
		Hours        *yHours        `yaml:"business_hours,omitempty"`
		Integrations []yIntegration `yaml:"integrations,omitempty"`
	}
	yHours struct {
		TimeZone string    `yaml:"time_zone"`
		Windows  []yWindow `yaml:"windows"`
	}
	yIntegration struct {
		Name string `yaml:"name"`
		Type string `yaml:"type"`
		Key  string `yaml:"key,omitempty"`
	}
)

func windows(ws []scheduler.Window) []yWindow {
	var out []yWindow
	for _, w := range ws {
		yw := yWindow{From: w.From.String(), To: w.To.String()}
		for _, d := range w.Days {
			yw.Days = append(yw.Days, strings.ToLower(d.String()[:3]))
		}
		out = append(out, yw)
	}
	return out
}

func minutes(d time.Duration) string { return fmt.Sprintf("%dm", int(d/time.Minute)) }

// WriteYAML writes org as a declarative file that `rota apply` accepts,
// so that a team keeps its migrated set-up as code from the first day.
// People appear as team members only, as the file has them; a user in no
// team is listed in a comment.
func WriteYAML(w io.Writer, org *Org, opts YAMLOptions) error {
	users := map[string]User{}
	inTeam := map[string]bool{}
	for _, u := range org.Users {
		users[u.Email] = u
	}
	f := yFile{Teams: []yTeam{}}
	for _, t := range org.Teams {
		yt := yTeam{Name: t.Name}
		for _, m := range t.Members {
			u, ok := users[m.Email]
			if !ok {
				return fmt.Errorf("pagerduty: member %s of team %s is not among the users", m.Email, t.Name)
			}
			inTeam[m.Email] = true
			ym := yMember{Email: u.Email, Name: u.Name, Discipline: string(opts.Discipline), TimeZone: u.TimeZone, Phone: u.Phone}
			if m.Role == rota.TeamAdmin {
				ym.Role = string(rota.TeamAdmin)
			}
			yt.Members = append(yt.Members, ym)
		}
		for _, s := range t.Schedules {
			loc, err := time.LoadLocation(s.TimeZone)
			if err != nil {
				return fmt.Errorf("pagerduty: schedule %s: %w", s.Name, err)
			}
			ys := ySchedule{Name: s.Name, TimeZone: s.TimeZone, Tiers: yTiers{Primary: []yLayer{}}}
			for _, l := range s.Layers {
				yl := yLayer{Name: l.Name, Participants: l.Participants, Start: l.Start.String(), Shift: l.Shift.String(), Coverage: "always"}
				if len(l.Coverage) > 0 {
					yl.Coverage = windows(l.Coverage)
				}
				ys.Tiers.Primary = append(ys.Tiers.Primary, yl)
			}
			for _, o := range s.Overrides {
				ys.Overrides = append(ys.Overrides, yOverride{Tier: string(o.Tier), User: o.EngineerID,
					From: localOf(o.Start.In(loc)).String(), To: localOf(o.End.In(loc)).String()})
			}
			yt.Schedules = append(yt.Schedules, ys)
		}
		for _, p := range t.Policies {
			yp := yPolicy{Name: p.Name, Repeat: p.Repeat, RepeatAfter: minutes(p.RepeatAfter)}
			for _, s := range p.Steps {
				st := yStep{After: minutes(s.After)}
				for _, tg := range s.Targets {
					if tg.Email != "" {
						st.Targets = append(st.Targets, yTarget{User: tg.Email})
						continue
					}
					name := tg.Schedule
					if tg.Team != t.Name {
						name = tg.Team + "/" + tg.Schedule
					}
					st.Targets = append(st.Targets, yTarget{Schedule: name, Tier: string(scheduler.TierPrimary)})
				}
				yp.Steps = append(yp.Steps, st)
			}
			yt.Policies = append(yt.Policies, yp)
		}
		for _, s := range t.Services {
			ys := yService{Name: s.Name, Description: s.Description, Policy: s.Policy, Urgency: string(s.Urgency)}
			if len(s.Hours.Windows) > 0 {
				ys.Hours = &yHours{TimeZone: s.Hours.TimeZone, Windows: windows(s.Hours.Windows)}
			}
			for _, in := range s.Integrations {
				yi := yIntegration{Name: in.Name, Type: string(in.Type), Key: in.Key}
				if opts.OmitKeys {
					yi.Key = ""
				}
				ys.Integrations = append(ys.Integrations, yi)
			}
			yt.Services = append(yt.Services, ys)
		}
		f.Teams = append(f.Teams, yt)
	}
	out, err := yaml.MarshalWithOptions(f, yaml.Indent(2), yaml.IndentSequence(true))
	if err != nil {
		return fmt.Errorf("pagerduty: writing YAML: %w", err)
	}
	var head strings.Builder
	fmt.Fprintf(&head, "# Imported from PagerDuty for %s. Apply with: rota apply -f FILE\n", org.At.UTC().Format(time.RFC3339))
	if !opts.OmitKeys {
		head.WriteString("# It holds PagerDuty's integration keys: keep it as secret as they are.\n")
	}
	if opts.Report != nil && len(opts.Report.Problems) > 0 {
		head.WriteString("#\n# What the import left out or changed:\n")
		for _, p := range opts.Report.Problems {
			fmt.Fprintf(&head, "#   %s\n", strings.ReplaceAll(p.String(), "\n", " "))
		}
	}
	var alone []string
	for _, u := range org.Users {
		if !inTeam[u.Email] {
			alone = append(alone, u.Email)
		}
	}
	if len(alone) > 0 {
		fmt.Fprintf(&head, "#\n# In no team, so not in this file (the file lists people as team members): %s\n", strings.Join(alone, ", "))
	}
	if _, err := io.WriteString(w, head.String()); err != nil {
		return err
	}
	_, err = w.Write(out)
	return err
}
