package pdsync

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/rotaoncall/rota"
	"github.com/rotaoncall/rota/apply"
	"github.com/rotaoncall/rota/pagerduty"
	"github.com/rotaoncall/rota/pagerduty/pdsync/record"
	"github.com/rotaoncall/rota/paging"
)

// The stored facts of the sync (see package record).
type (
	Link       = record.Link
	Connection = record.Connection
	Sync       = record.Sync
)

// Source and the kinds, statuses and runs of package record.
const (
	Source       = record.Source
	KindUser     = record.KindUser
	KindTeam     = record.KindTeam
	KindSchedule = record.KindSchedule
	KindPolicy   = record.KindPolicy
	KindService  = record.KindService
	KindOverride = record.KindOverride
	SyncImport   = record.SyncImport
	SyncMirror   = record.SyncMirror
	StatusOK     = record.StatusOK
	StatusFailed = record.StatusFailed
)

// Store is what the sync needs of storage: what apply needs, and its own
// rows.
type Store interface {
	apply.Store
	Policy(ctx context.Context, id int64) (paging.Policy, error)
	// Links returns every link of source.
	Links(ctx context.Context, source string) ([]Link, error)
	// SaveLinks inserts or updates links by (source, kind, external id).
	SaveLinks(ctx context.Context, source string, links []Link) error
	// PagerDutyConnection returns the stored connection, or ENotFound.
	PagerDutyConnection(ctx context.Context) (Connection, error)
	SetPagerDutyConnection(ctx context.Context, c Connection) error
	DeletePagerDutyConnection(ctx context.Context) error
	// SaveSync records a run and returns it with its id; runs beyond the
	// most recent keep of their kind are forgotten.
	SaveSync(ctx context.Context, s Sync, keep int) (Sync, error)
	// LastSync returns the most recent run of kind (only real runs with
	// appliedOnly), or ENotFound.
	LastSync(ctx context.Context, kind string, appliedOnly bool) (Sync, error)
}

// TxStore is a Store that runs work in one transaction.
type TxStore interface {
	Store
	InTx(ctx context.Context, fn func(tx Store) error) error
}

// Config says how to reach PagerDuty.
type Config struct {
	// Token is the token from the environment (ROTA_PAGERDUTY_TOKEN): when
	// set it is used, whatever is stored.
	Token     string
	APIURL    string
	EventsURL string
	// HTTPClient defaults to pagerduty's.
	HTTPClient *http.Client
}

// keepSyncs is how many runs of each kind are kept.
const keepSyncs = 50

// Service is the PagerDuty sync.
type Service struct {
	store    TxStore
	resolver Resolver
	cfg      Config
	now      func() time.Time
	log      *slog.Logger
}

// New returns the sync on st; resolver resolves schedules for the
// mirror; now is the process clock.
func New(st TxStore, resolver Resolver, cfg Config, now func() time.Time, log *slog.Logger) *Service {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Service{store: st, resolver: resolver, cfg: cfg, now: now, log: log}
}

// The sources of a token.
const (
	FromEnvironment = "environment"
	FromSettings    = "settings"
)

// Status is the connection as an admin may see it: never the token, only
// where it comes from and its last four characters.
type Status struct {
	Connected bool
	// Source is FromEnvironment or FromSettings ("" when not connected).
	Source      string
	Last4       string
	ConnectedBy int64
	ConnectedAt time.Time
	// Stored says a token is stored under Settings (it may be shadowed by
	// the environment's).
	Stored bool
	APIURL string
}

// Connection reports the connection.
func (s *Service) Connection(ctx context.Context) (Status, error) {
	st := Status{APIURL: s.apiURL()}
	c, err := s.store.PagerDutyConnection(ctx)
	switch {
	case err == nil:
		st.Stored, st.ConnectedBy, st.ConnectedAt = true, c.ConnectedBy, c.ConnectedAt
		st.Connected, st.Source, st.Last4 = true, FromSettings, last4(c.Token)
	case !rota.IsCode(err, rota.ENotFound):
		return Status{}, err
	}
	if s.cfg.Token != "" {
		st.Connected, st.Source, st.Last4 = true, FromEnvironment, last4(s.cfg.Token)
		st.ConnectedBy, st.ConnectedAt = 0, time.Time{}
	}
	return st, nil
}

func (s *Service) apiURL() string {
	if s.cfg.APIURL == "" {
		return pagerduty.DefaultAPIURL
	}
	return s.cfg.APIURL
}

// last4 is what may be shown of a token: its last four characters, and
// nothing of one so short that they would give much of it away.
func last4(token string) string {
	if len(token) <= 8 {
		return ""
	}
	return token[len(token)-4:]
}

// MaxTokenLength bounds a token; PagerDuty's are 20 characters.
const MaxTokenLength = 200

// Connect checks token with PagerDuty (it must be able to read users) and
// stores it.
func (s *Service) Connect(ctx context.Context, actor int64, token string) (Status, error) {
	token = strings.TrimSpace(token)
	switch {
	case token == "":
		return Status{}, rota.Invalid("token", "enter a PagerDuty REST API token")
	case len(token) > MaxTokenLength || strings.ContainsAny(token, " \t\r\n"):
		return Status{}, rota.Invalid("token", "this is not a PagerDuty REST API token")
	}
	if err := s.client(token).Ping(ctx); err != nil {
		return Status{}, refusal(err)
	}
	if err := s.store.SetPagerDutyConnection(ctx, Connection{Token: token, ConnectedBy: actor, ConnectedAt: s.now().UTC()}); err != nil {
		return Status{}, err
	}
	s.log.Info("pagerduty connected", "by", actor, "token_last4", last4(token))
	return s.Connection(ctx)
}

// Disconnect forgets the stored token (the environment's, if any, stays).
func (s *Service) Disconnect(ctx context.Context) error {
	err := s.store.DeletePagerDutyConnection(ctx)
	if err == nil || rota.IsCode(err, rota.ENotFound) {
		return nil
	}
	return err
}

// Client returns the PagerDuty client of the token in effect, or an
// EConflict error when there is none.
func (s *Service) Client(ctx context.Context) (*pagerduty.Client, error) {
	token := s.cfg.Token
	if token == "" {
		c, err := s.store.PagerDutyConnection(ctx)
		switch {
		case rota.IsCode(err, rota.ENotFound):
			return nil, ErrNotConnected
		case err != nil:
			return nil, err
		}
		token = c.Token
	}
	return s.client(token), nil
}

// ErrNotConnected says there is no token to reach PagerDuty with.
var ErrNotConnected = &rota.Error{Code: rota.EConflict, Message: "PagerDuty is not connected: connect it under Settings → PagerDuty with a REST API token, or set ROTA_PAGERDUTY_TOKEN"}

func (s *Service) client(token string) *pagerduty.Client {
	return pagerduty.NewClient(pagerduty.Config{Token: token, APIURL: s.cfg.APIURL, EventsURL: s.cfg.EventsURL, HTTPClient: s.cfg.HTTPClient})
}

// refusal turns PagerDuty's answers into errors a user can act on, still
// wrapping the original (errors.Is(err, pagerduty.ErrBadToken) holds). A
// refused token is bad input here, not the caller's own 401 or 403.
func refusal(err error) error {
	switch {
	case errors.Is(err, pagerduty.ErrBadToken):
		return fmt.Errorf("%w: %w", rota.Invalid("token", "PagerDuty refused the token (401): check it is a valid REST API token"), err)
	case errors.Is(err, pagerduty.ErrForbidden):
		return fmt.Errorf("%w: %w", rota.Invalid("token", "PagerDuty refused the token access (403): it needs read access to users, teams, schedules, escalation policies and services"), err)
	case errors.Is(err, pagerduty.ErrThrottled):
		return err
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return err
	}
	var c rota.Coded
	if errors.As(err, &c) {
		return err
	}
	return fmt.Errorf("%w: %w", rota.Errorf(rota.EUnavailable, "PagerDuty could not be reached or answered with an error; try again later"), err)
}
