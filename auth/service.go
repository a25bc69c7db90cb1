package auth

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"strings"
	"time"

	"github.com/rotaoncall/rota"
)

// Store is what the service needs from storage.
type Store interface {
	CreateUser(ctx context.Context, u rota.User, passwordHash string) (rota.User, error)
	CreateMember(ctx context.Context, u rota.User, passwordHash string, teamID int64, role rota.TeamRole) (rota.User, error)
	UserByEmail(ctx context.Context, email string) (rota.User, string, error)
	SetPassword(ctx context.Context, userID int64, hash string, oneTime bool) error
	CreateSession(ctx context.Context, userID int64, tokenHash string, expires time.Time) error
	DeleteOtherSessions(ctx context.Context, userID int64, keepHash string) error
	RevokeAPITokens(ctx context.Context, userID int64) error
	SessionUser(ctx context.Context, tokenHash string) (rota.User, error)
	DeleteSession(ctx context.Context, tokenHash string) error
	CreateAPIToken(ctx context.Context, userID int64, name, tokenHash string) (rota.APIToken, error)
	TokenUser(ctx context.Context, tokenHash string) (rota.User, error)
}

// Service signs users in and authenticates sessions and tokens.
type Service struct {
	store      Store
	now        func() time.Time
	params     Params
	sessionTTL time.Duration
	dummyHash  string
	cache      *credCache
}

// CredentialCacheTTL is how long a checked session or token is trusted
// without asking the database again.
const CredentialCacheTTL = 5 * time.Second

// TokenPrefix starts every API token, so that leaked tokens are recognisable.
const TokenPrefix = "rota_"

// NewService returns a Service. params are the argon2id costs for new hashes.
func NewService(store Store, now func() time.Time, params Params) *Service {
	// A hash to check against when the email is unknown, so that a wrong
	// email costs the same time as a wrong password.
	dummy, _ := HashPassword(GeneratePassword(), params)
	return &Service{store: store, now: now, params: params, sessionTTL: 14 * 24 * time.Hour, dummyHash: dummy,
		cache: newCredCache(CredentialCacheTTL)}
}

// SessionTTL is how long a session lasts.
func (s *Service) SessionTTL() time.Duration { return s.sessionTTL }

var errBadCredentials = rota.Errorf(rota.EUnauthenticated, "wrong email or password")

// CreateUser creates a user with a fresh one-time password and returns both.
// The password serves only to choose a new one (see CheckOneTime).
func (s *Service) CreateUser(ctx context.Context, u rota.User) (rota.User, string, error) {
	if err := u.Validate(); err != nil {
		return rota.User{}, "", err
	}
	u.MustChangePassword = true
	pw := GeneratePassword()
	hash, err := HashPassword(pw, s.params)
	if err != nil {
		return rota.User{}, "", err
	}
	u, err = s.store.CreateUser(ctx, u, hash)
	if err != nil {
		return rota.User{}, "", err
	}
	return u, pw, nil
}

// Invite creates a user with a fresh one-time password as a member of a
// team with the role, and returns the user and the password (shown once
// to whoever invites).
func (s *Service) Invite(ctx context.Context, u rota.User, teamID int64, role rota.TeamRole) (rota.User, string, error) {
	if err := u.Validate(); err != nil {
		return rota.User{}, "", err
	}
	if role == "" {
		role = rota.TeamMember
	}
	if !role.Valid() {
		return rota.User{}, "", rota.Invalid("role", "role must be admin or member, not %q", role)
	}
	u.MustChangePassword = true
	pw := GeneratePassword()
	hash, err := HashPassword(pw, s.params)
	if err != nil {
		return rota.User{}, "", err
	}
	u, err = s.store.CreateMember(ctx, u, hash, teamID, role)
	if err != nil {
		return rota.User{}, "", err
	}
	return u, pw, nil
}

// ChangePassword sets a new password after checking the current one, and
// ends the user's other sessions (the one in keepToken stays) and revokes
// their API tokens: whoever learnt the old password may have made some.
func (s *Service) ChangePassword(ctx context.Context, u rota.User, current, pw, keepToken string) error {
	_, hash, err := s.store.UserByEmail(ctx, u.Email)
	if err != nil {
		return err
	}
	if current == "" {
		return rota.Invalid("current_password", "enter your current password")
	}
	if ok, err := CheckPassword(hash, current); err != nil || !ok {
		return rota.Invalid("current_password", "that is not your current password")
	}
	if pw == current {
		return rota.Invalid("password", "choose a password different from the current one")
	}
	if err := s.SetPassword(ctx, u.ID, pw); err != nil {
		return err
	}
	keep := ""
	if keepToken != "" {
		keep = HashToken(keepToken)
	}
	return s.endCredentials(ctx, u.ID, keep)
}

// endCredentials ends a user's sessions but keepHash's and revokes their
// API tokens, then drops what the cache holds of them (after, so that a
// request in between cannot put a dead credential back).
func (s *Service) endCredentials(ctx context.Context, userID int64, keepHash string) error {
	defer s.cache.forgetUser(userID)
	if err := s.store.DeleteOtherSessions(ctx, userID, keepHash); err != nil {
		return err
	}
	return s.store.RevokeAPITokens(ctx, userID)
}

// ResetPassword gives a user a fresh one-time password (for a first
// sign-in, or a forgotten password), ends their sessions and revokes their
// API tokens. Like every one-time password it serves only to choose a new
// one.
func (s *Service) ResetPassword(ctx context.Context, email string) (rota.User, string, error) {
	u, _, err := s.store.UserByEmail(ctx, email)
	if err != nil {
		return rota.User{}, "", err
	}
	pw := GeneratePassword()
	hash, err := HashPassword(pw, s.params)
	if err != nil {
		return rota.User{}, "", err
	}
	if err := s.store.SetPassword(ctx, u.ID, hash, true); err != nil {
		return rota.User{}, "", err
	}
	u.MustChangePassword = true
	return u, pw, s.endCredentials(ctx, u.ID, "")
}

// SetPassword sets a user's password, one of their choosing: it replaces a
// one-time password.
func (s *Service) SetPassword(ctx context.Context, userID int64, pw string) error {
	if len(pw) < 10 {
		return rota.Invalid("password", "password must be at least 10 characters")
	}
	hash, err := HashPassword(pw, s.params)
	if err != nil {
		return err
	}
	return s.store.SetPassword(ctx, userID, hash, false)
}

// CheckOneTime refuses a user who signed in with a one-time password and
// has not chosen their own yet: the only thing such a user may do is set a
// new password (the caller lets that one request through).
func CheckOneTime(u rota.User) error {
	if u.MustChangePassword {
		return &rota.Error{Code: rota.EPasswordChangeRequired, Field: "password",
			Message: "you signed in with a one-time password: choose a new password first (PUT /api/v1/me/password)"}
	}
	return nil
}

// SignIn checks credentials and opens a session, returning its token.
func (s *Service) SignIn(ctx context.Context, email, pw string) (rota.User, string, time.Time, error) {
	if strings.TrimSpace(email) == "" {
		return rota.User{}, "", time.Time{}, rota.Invalid("email", "email is required")
	}
	if pw == "" {
		return rota.User{}, "", time.Time{}, rota.Invalid("password", "password is required")
	}
	u, hash, err := s.store.UserByEmail(ctx, email)
	if err != nil && !rota.IsCode(err, rota.ENotFound) {
		return rota.User{}, "", time.Time{}, err
	}
	if err != nil || hash == "" {
		CheckPassword(s.dummyHash, pw)
		return rota.User{}, "", time.Time{}, errBadCredentials
	}
	if ok, err := CheckPassword(hash, pw); err != nil || !ok {
		return rota.User{}, "", time.Time{}, errBadCredentials
	}
	token := randomToken("")
	expires := s.now().Add(s.sessionTTL).UTC()
	if err := s.store.CreateSession(ctx, u.ID, HashToken(token), expires); err != nil {
		return rota.User{}, "", time.Time{}, err
	}
	return u, token, expires, nil
}

// SignOut ends the session.
func (s *Service) SignOut(ctx context.Context, token string) error {
	h := HashToken(token)
	s.cache.forgetHash(h)
	return s.store.DeleteSession(ctx, h)
}

// Forget drops cached credentials of a user, after their profile changed or
// one of their tokens was revoked.
func (s *Service) Forget(userID int64) { s.cache.forgetUser(userID) }

var errUnauthenticated = rota.Errorf(rota.EUnauthenticated, "sign in first")

// Session returns the user of a session token.
func (s *Service) Session(ctx context.Context, token string) (rota.User, error) {
	if token == "" {
		return rota.User{}, errUnauthenticated
	}
	h := HashToken(token)
	now := s.now()
	if u, ok := s.cache.get(h, now); ok {
		return u, nil
	}
	u, err := s.store.SessionUser(ctx, h)
	if rota.IsCode(err, rota.ENotFound) {
		return rota.User{}, rota.Errorf(rota.EUnauthenticated, "your session has ended; sign in again")
	}
	if err == nil {
		s.cache.put(h, u, now, time.Time{})
	}
	return u, err
}

// Token returns the user of a bearer API token.
func (s *Service) Token(ctx context.Context, token string) (rota.User, error) {
	if !strings.HasPrefix(token, TokenPrefix) {
		return rota.User{}, rota.Errorf(rota.EUnauthenticated, "malformed API token")
	}
	h := HashToken(token)
	now := s.now()
	if u, ok := s.cache.get(h, now); ok {
		return u, nil
	}
	u, err := s.store.TokenUser(ctx, h)
	if rota.IsCode(err, rota.ENotFound) {
		return rota.User{}, rota.Errorf(rota.EUnauthenticated, "unknown or revoked API token")
	}
	if err == nil {
		s.cache.put(h, u, now, time.Time{})
	}
	return u, err
}

// CreateToken issues an API token for the user; the plaintext is returned
// once and never stored.
func (s *Service) CreateToken(ctx context.Context, userID int64, name string) (rota.APIToken, string, error) {
	name = strings.TrimSpace(name)
	if name == "" || len(name) > 100 {
		return rota.APIToken{}, "", rota.Invalid("name", "name is required (at most 100 characters)")
	}
	token := randomToken(TokenPrefix)
	t, err := s.store.CreateAPIToken(ctx, userID, name, HashToken(token))
	return t, token, err
}

// HashToken returns the hex SHA-256 of a token; tokens are random enough
// that a slow hash adds nothing.
func HashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

func randomToken(prefix string) string {
	b := make([]byte, 32)
	rand.Read(b)
	return prefix + base64.RawURLEncoding.EncodeToString(b)
}
