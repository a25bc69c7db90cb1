package store

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/rotaoncall/rota"
	"github.com/rotaoncall/rota/paging"
)

type contactRow struct {
	ID             int64 `gorm:"primaryKey"`
	UserID         int64
	Type           string
	Address        string
	VerifiedAt     *time.Time
	VerifyCodeHash string
	VerifySentAt   *time.Time
	VerifyAttempts int
	CreatedAt      time.Time
}

func (contactRow) TableName() string { return "contact_methods" }

func (r contactRow) domain() paging.ContactMethod {
	return paging.ContactMethod{ID: r.ID, UserID: r.UserID, Type: paging.Channel(r.Type), Address: r.Address, VerifiedAt: utcPtr(r.VerifiedAt), CreatedAt: r.CreatedAt.UTC()}
}

type ruleNotifRow struct {
	ID              int64 `gorm:"primaryKey"`
	UserID          int64
	ContactMethodID int64
	DelayMinutes    int
	Urgency         string
	CreatedAt       time.Time
}

func (ruleNotifRow) TableName() string { return "notification_rules" }

type optOutRow struct {
	Phone string `gorm:"primaryKey"`
	At    time.Time
}

func (optOutRow) TableName() string { return "sms_opt_outs" }

// needsReplyCode reports whether a page gets a reply code when it is
// leased for sending: real (not shadow) SMS and voice pages.
func needsReplyCode(p *pageRow) bool {
	return !p.Shadow && p.ReplyCode == "" && (p.Channel == string(paging.ChannelSMS) || p.Channel == string(paging.ChannelVoice))
}

// assignReplyCodes gives each page among pages that needs one (see
// needsReplyCode) the code its engineer already has for the same alert, or
// else the smallest number the engineer is not using for an open alert, so
// replies stay short ("1a"). Codes go in page order. It only sets the
// rows' ReplyCode, with one query for the codes in use; the caller writes
// them.
func assignReplyCodes(tx *gorm.DB, pages []*pageRow) error {
	var need []*pageRow
	users, earlier := map[int64]bool{}, map[int64]bool{}
	for _, p := range pages {
		if needsReplyCode(p) {
			need = append(need, p)
			users[p.UserID] = true
			// A page being written for an alert's first step is the first
			// page of that alert: no code to look up.
			if p.ID != 0 || p.Step != 0 || p.Loop != 0 {
				earlier[p.AlertID] = true
			}
		}
	}
	if len(need) == 0 {
		return nil
	}
	uids := keys(users)
	// The codes these alerts already have (an SMS before its call).
	var have []struct {
		UserID    int64
		AlertID   int64
		ReplyCode string
	}
	if len(earlier) > 0 {
		if err := tx.Table("pages").Select("user_id, alert_id, reply_code").Where("alert_id IN ? AND reply_code <> ''", keys(earlier)).
			Scan(&have).Error; err != nil {
			return err
		}
	}
	// What each engineer uses for open alerts, as a count and the highest
	// code: an engineer paged for hundreds of open alerts costs one row,
	// not hundreds. Only where codes were freed in between (fewer codes
	// than the highest) are the codes themselves read.
	var use []struct {
		UserID int64
		N      int
		Top    int
	}
	err := tx.Raw(`SELECT pages.user_id, COUNT(DISTINCT pages.reply_code) AS n, MAX(CAST(pages.reply_code AS INTEGER)) AS top
		FROM pages JOIN alerts ON alerts.id = pages.alert_id
		WHERE pages.user_id IN ? AND pages.reply_code <> '' AND alerts.status <> 'resolved' GROUP BY pages.user_id`, uids).Scan(&use).Error
	if err != nil {
		return err
	}
	next := map[int64]int{} // engineers using exactly 1…top: the next free code
	var gaps []int64
	for _, u := range use {
		if u.N >= u.Top {
			next[u.UserID] = u.Top + 1
		} else {
			gaps = append(gaps, u.UserID)
		}
	}
	taken := map[int64]map[int]bool{}
	if len(gaps) > 0 {
		var used []struct {
			UserID    int64
			ReplyCode string
		}
		err := tx.Table("pages").Distinct("pages.user_id", "pages.reply_code").Joins("JOIN alerts ON alerts.id = pages.alert_id").
			Where("pages.user_id IN ? AND pages.reply_code <> '' AND alerts.status <> 'resolved'", gaps).Scan(&used).Error
		if err != nil {
			return err
		}
		for _, u := range used {
			if taken[u.UserID] == nil {
				taken[u.UserID] = map[int]bool{}
			}
			n, _ := strconv.Atoi(u.ReplyCode)
			taken[u.UserID][n] = true
		}
	}
	codeOf := map[[2]int64]string{} // (user, alert) → code already given
	for _, h := range have {
		codeOf[[2]int64{h.UserID, h.AlertID}] = h.ReplyCode
	}
	for _, p := range need {
		k := [2]int64{p.UserID, p.AlertID}
		code := codeOf[k]
		if code == "" {
			n := 1
			if t := taken[p.UserID]; t != nil {
				for t[n] {
					n++
				}
				t[n] = true
			} else {
				n = max(next[p.UserID], 1)
				next[p.UserID] = n + 1
			}
			code = strconv.Itoa(n)
			codeOf[k] = code
		}
		p.ReplyCode = code
	}
	return nil
}

func keys(m map[int64]bool) []int64 {
	out := make([]int64, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}

// writeReplyCodes stores the reply codes of pages already written, with
// one statement.
func writeReplyCodes(tx *gorm.DB, pages []*pageRow) error {
	var sb strings.Builder
	var args []any
	var ids []int64
	sb.WriteString("UPDATE pages SET reply_code = CASE id")
	for _, p := range pages {
		if p.ReplyCode == "" || p.ID == 0 {
			continue
		}
		sb.WriteString(" WHEN ? THEN ?")
		args = append(args, p.ID, p.ReplyCode)
		ids = append(ids, p.ID)
	}
	if len(ids) == 0 {
		return nil
	}
	sb.WriteString(" ELSE reply_code END WHERE id IN ?")
	return tx.Exec(sb.String(), append(args, ids)...).Error
}

// Reachabilities implements paging.ContactStore: the same for many users
// in four queries.
func (db *DB) Reachabilities(ctx context.Context, userIDs []int64) (map[int64]paging.Reachability, error) {
	g := db.gorm.WithContext(ctx)
	var users []userRow
	if err := g.Select("id, phone").Where("id IN ?", userIDs).Find(&users).Error; err != nil {
		return nil, translate(err, "users")
	}
	out := make(map[int64]paging.Reachability, len(users))
	phones := []string{}
	for _, u := range users {
		out[u.ID] = paging.Reachability{Phone: u.Phone, OptedOut: map[string]bool{}}
		if u.Phone != "" {
			phones = append(phones, u.Phone)
		}
	}
	var methods []contactRow
	if err := g.Where("user_id IN ?", userIDs).Order("id").Find(&methods).Error; err != nil {
		return nil, translate(err, "contact methods")
	}
	for _, m := range methods {
		r, ok := out[m.UserID]
		if !ok {
			continue
		}
		r.Methods = append(r.Methods, m.domain())
		out[m.UserID] = r
		phones = append(phones, m.Address)
	}
	var rules []ruleNotifRow
	if err := g.Where("user_id IN ?", userIDs).Order("delay_minutes, id").Find(&rules).Error; err != nil {
		return nil, translate(err, "notification rules")
	}
	for _, x := range rules {
		r, ok := out[x.UserID]
		if !ok {
			continue
		}
		r.Rules = append(r.Rules, paging.NotificationRule{ID: x.ID, UserID: x.UserID, ContactMethodID: x.ContactMethodID, Delay: time.Duration(x.DelayMinutes) * time.Minute, Urgency: x.Urgency})
		out[x.UserID] = r
	}
	if len(phones) > 0 {
		var outs []optOutRow
		if err := g.Where("phone IN ?", phones).Find(&outs).Error; err != nil {
			return nil, translate(err, "opt-outs")
		}
		opted := map[string]bool{}
		for _, o := range outs {
			opted[o.Phone] = true
		}
		for id, r := range out {
			for _, p := range append([]string{r.Phone}, addresses(r.Methods)...) {
				if opted[p] {
					r.OptedOut[p] = true
				}
			}
			out[id] = r
		}
	}
	return out, nil
}

func addresses(ms []paging.ContactMethod) []string {
	out := make([]string, len(ms))
	for i, m := range ms {
		out[i] = m.Address
	}
	return out
}

// Reachability implements paging.ContactStore.
func (db *DB) Reachability(ctx context.Context, userID int64) (paging.Reachability, error) {
	var r paging.Reachability
	g := db.gorm.WithContext(ctx)
	var u userRow
	if err := g.Select("id, phone").Take(&u, userID).Error; err != nil {
		return r, translate(err, "user")
	}
	r.Phone = u.Phone
	ms, err := db.ContactMethods(ctx, userID)
	if err != nil {
		return r, err
	}
	r.Methods = ms
	if r.Rules, err = db.NotificationRules(ctx, userID); err != nil {
		return r, err
	}
	phones := []string{u.Phone}
	for _, m := range ms {
		phones = append(phones, m.Address)
	}
	var outs []optOutRow
	if err := g.Where("phone IN ?", phones).Find(&outs).Error; err != nil {
		return r, translate(err, "opt-outs")
	}
	r.OptedOut = map[string]bool{}
	for _, o := range outs {
		r.OptedOut[o.Phone] = true
	}
	return r, nil
}

// ContactMethods lists a user's contact methods.
func (db *DB) ContactMethods(ctx context.Context, userID int64) ([]paging.ContactMethod, error) {
	var rows []contactRow
	if err := db.gorm.WithContext(ctx).Where("user_id = ?", userID).Order("id").Find(&rows).Error; err != nil {
		return nil, translate(err, "contact methods")
	}
	out := make([]paging.ContactMethod, len(rows))
	for i, r := range rows {
		out[i] = r.domain()
	}
	return out, nil
}

// AddContactMethod adds an unverified method with a verification code hash
// (or a verified one when codeHash is empty and verified is true).
func (db *DB) AddContactMethod(ctx context.Context, userID int64, typ paging.Channel, address, codeHash string, verified bool) (paging.ContactMethod, error) {
	if !paging.ContactChannel(typ) {
		return paging.ContactMethod{}, rota.Invalid("type", "type must be sms, voice or pagerduty, not %q", typ)
	}
	now := db.Now()
	row := contactRow{UserID: userID, Type: string(typ), Address: address, VerifyCodeHash: codeHash, CreatedAt: now}
	if verified {
		row.VerifiedAt = &now
	} else {
		row.VerifySentAt = &now
	}
	err := db.tx(ctx, func(tx *gorm.DB) error {
		return tx.Create(&row).Error
	})
	if err != nil {
		if err = translate(err, "contact method"); rota.IsCode(err, rota.EConflict) {
			return paging.ContactMethod{}, &rota.Error{Code: rota.EConflict, Field: "address", Message: "you already have that number for " + string(typ)}
		}
		return paging.ContactMethod{}, err
	}
	return row.domain(), nil
}

// ContactMethod returns one of a user's methods with its verification state.
func (db *DB) contactMethod(tx *gorm.DB, userID, id int64) (contactRow, error) {
	var row contactRow
	err := tx.Where("id = ? AND user_id = ?", id, userID).Take(&row).Error
	return row, translate(err, "contact method")
}

// ResetVerification stores a new code for an unverified method; it refuses
// more than one code a minute.
func (db *DB) ResetVerification(ctx context.Context, userID, id int64, codeHash string) error {
	return db.tx(ctx, func(tx *gorm.DB) error {
		row, err := db.contactMethod(tx, userID, id)
		if err != nil {
			return err
		}
		if row.VerifiedAt != nil {
			return rota.Errorf(rota.EConflict, "the number is already verified")
		}
		if row.VerifySentAt != nil && db.Now().Sub(*row.VerifySentAt) < time.Minute {
			wait := time.Minute - db.Now().Sub(*row.VerifySentAt)
			return &rota.Error{Code: rota.ERateLimited, RetryAfter: wait,
				Message: fmt.Sprintf("a code was sent less than a minute ago; ask again in %d seconds", int(wait.Seconds()+0.999))}
		}
		return tx.Model(&contactRow{}).Where("id = ?", id).Updates(map[string]any{"verify_code_hash": codeHash, "verify_sent_at": db.Now(), "verify_attempts": 0}).Error
	})
}

// VerifyCodeTTL is how long a verification code works.
const VerifyCodeTTL = 15 * time.Minute

// MaxVerifyAttempts is how many wrong codes end a code.
const MaxVerifyAttempts = 5

// VerifyContactMethod checks a code; match tells whether a stored hash is
// the code's. Wrong codes count; too many, or an old code, need a new one.
func (db *DB) VerifyContactMethod(ctx context.Context, userID, id int64, match func(hash string) bool) (paging.ContactMethod, error) {
	var out paging.ContactMethod
	err := db.tx(ctx, func(tx *gorm.DB) error {
		row, err := db.contactMethod(tx, userID, id)
		if err != nil {
			return err
		}
		if row.VerifiedAt != nil {
			out = row.domain()
			return nil
		}
		if row.VerifyAttempts >= MaxVerifyAttempts {
			return &rota.Error{Code: rota.EConflict, Field: "code", Message: "too many wrong codes; ask for a new one"}
		}
		if row.VerifySentAt == nil || db.Now().Sub(*row.VerifySentAt) > VerifyCodeTTL {
			return &rota.Error{Code: rota.EConflict, Field: "code", Message: "the code has expired; ask for a new one"}
		}
		if !match(row.VerifyCodeHash) {
			return errWrongCode
		}
		now := db.Now()
		if err := tx.Model(&contactRow{}).Where("id = ?", id).Updates(map[string]any{"verified_at": now, "verify_code_hash": ""}).Error; err != nil {
			return err
		}
		row.VerifiedAt = &now
		out = row.domain()
		return nil
	})
	if err == errWrongCode {
		// Count the wrong attempt outside the transaction, which rolled back.
		db.gorm.WithContext(ctx).Model(&contactRow{}).Where("id = ?", id).Update("verify_attempts", gorm.Expr("verify_attempts + 1"))
		return out, &rota.Error{Code: rota.EInvalid, Field: "code", Message: "that is not the code we sent"}
	}
	return out, err
}

var errWrongCode = fmt.Errorf("wrong code")

// DeleteContactMethod removes one of a user's methods (and rules using it).
func (db *DB) DeleteContactMethod(ctx context.Context, userID, id int64) error {
	return db.tx(ctx, func(tx *gorm.DB) error {
		res := tx.Where("id = ? AND user_id = ?", id, userID).Delete(&contactRow{})
		if res.Error != nil {
			return translate(res.Error, "contact method")
		}
		if res.RowsAffected == 0 {
			return rota.Errorf(rota.ENotFound, "contact method not found")
		}
		return nil
	})
}

// NotificationRules lists a user's rules by delay.
func (db *DB) NotificationRules(ctx context.Context, userID int64) ([]paging.NotificationRule, error) {
	var rows []ruleNotifRow
	if err := db.gorm.WithContext(ctx).Where("user_id = ?", userID).Order("delay_minutes, id").Find(&rows).Error; err != nil {
		return nil, translate(err, "notification rules")
	}
	out := make([]paging.NotificationRule, len(rows))
	for i, r := range rows {
		out[i] = paging.NotificationRule{ID: r.ID, UserID: r.UserID, ContactMethodID: r.ContactMethodID, Delay: time.Duration(r.DelayMinutes) * time.Minute, Urgency: r.Urgency}
	}
	return out, nil
}

// SetNotificationRules replaces a user's rules; every rule must use one of
// the user's verified methods.
func (db *DB) SetNotificationRules(ctx context.Context, userID int64, rules []paging.NotificationRule) ([]paging.NotificationRule, error) {
	err := db.tx(ctx, func(tx *gorm.DB) error {
		for i, r := range rules {
			f := fmt.Sprintf("rules[%d]", i)
			row, err := db.contactMethod(tx, userID, r.ContactMethodID)
			if rota.IsCode(err, rota.ENotFound) {
				return rota.Invalid(f+".contact_method_id", "not one of your contact methods")
			}
			if err != nil {
				return err
			}
			if row.VerifiedAt == nil {
				return rota.Invalid(f+".contact_method_id", "verify the number before using it")
			}
			if r.Delay < 0 || r.Delay > 24*time.Hour || r.Delay%time.Minute != 0 {
				return rota.Invalid(f+".delay", "delay must be whole minutes from 0m to 24h")
			}
			switch r.Urgency {
			case "", "any", "high", "low":
			default:
				return rota.Invalid(f+".urgency", "urgency must be any, high or low")
			}
		}
		if err := tx.Where("user_id = ?", userID).Delete(&ruleNotifRow{}).Error; err != nil {
			return err
		}
		for _, r := range rules {
			u := r.Urgency
			if u == "" {
				u = "any"
			}
			if err := tx.Create(&ruleNotifRow{UserID: userID, ContactMethodID: r.ContactMethodID, DelayMinutes: int(r.Delay / time.Minute), Urgency: u, CreatedAt: db.Now()}).Error; err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, translate(err, "notification rules")
	}
	return db.NotificationRules(ctx, userID)
}

// SetOptOut records a STOP (out) or START (in) from a phone number.
func (db *DB) SetOptOut(ctx context.Context, phone string, out bool) error {
	return db.tx(ctx, func(tx *gorm.DB) error {
		if !out {
			return tx.Where("phone = ?", phone).Delete(&optOutRow{}).Error
		}
		return tx.Exec("INSERT INTO sms_opt_outs (phone, at) VALUES (?, ?) ON CONFLICT (phone) DO NOTHING", phone, db.Now()).Error
	})
}

// UsersByPhone returns the users reachable at a phone number (primary
// phone or a verified contact method).
func (db *DB) UsersByPhone(ctx context.Context, phone string) ([]rota.User, error) {
	var ids []int64
	g := db.gorm.WithContext(ctx)
	if err := g.Model(&userRow{}).Where("phone = ?", phone).Pluck("id", &ids).Error; err != nil {
		return nil, translate(err, "users")
	}
	var more []int64
	if err := g.Model(&contactRow{}).Where("address = ? AND verified_at IS NOT NULL", phone).Pluck("user_id", &more).Error; err != nil {
		return nil, translate(err, "users")
	}
	seen := map[int64]bool{}
	var out []rota.User
	for _, id := range append(ids, more...) {
		if seen[id] {
			continue
		}
		seen[id] = true
		u, err := db.User(ctx, id)
		if err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, nil
}

// OpenPagesFor lists a user's non-shadow SMS/voice pages of open alerts that
// carry a reply code, newest first, with their alerts.
func (db *DB) OpenPagesFor(ctx context.Context, userID int64) ([]paging.Page, error) {
	var rows []pageRow
	err := db.gorm.WithContext(ctx).Table("pages").Select("pages.*").Joins("JOIN alerts ON alerts.id = pages.alert_id").
		Where("pages.user_id = ? AND pages.reply_code <> '' AND pages.shadow = ? AND alerts.status <> 'resolved'", userID, false).
		Order("pages.id DESC").Limit(200).Scan(&rows).Error
	if err != nil {
		return nil, translate(err, "pages")
	}
	out := make([]paging.Page, len(rows))
	for i, r := range rows {
		out[i] = r.domain()
	}
	return out, nil
}

// Page returns one page.
func (db *DB) Page(ctx context.Context, id int64) (paging.Page, error) {
	var row pageRow
	if err := db.gorm.WithContext(ctx).Take(&row, id).Error; err != nil {
		return paging.Page{}, translate(err, "page")
	}
	return row.domain(), nil
}

// RecordDelivery stores a provider's delivery status for a page, with a
// timeline event for the outcomes people care about. A failed or
// undelivered SMS or voice page falls back to the other channel once. A
// replayed or late callback (see paging.DeliveryAdvances) changes nothing.
func (db *DB) RecordDelivery(ctx context.Context, pageID int64, status string) error {
	return db.tx(ctx, func(tx *gorm.DB) error {
		var p pageRow
		if err := tx.Take(&p, pageID).Error; err != nil {
			return translate(err, "page")
		}
		if !paging.DeliveryAdvances(p.Delivery, status) {
			return nil
		}
		// Compare and set: of two copies of one callback arriving at once,
		// only the first moves the page on and writes the timeline.
		res := tx.Model(&pageRow{}).Where("id = ? AND delivery = ?", pageID, p.Delivery).Update("delivery", status)
		if res.Error != nil || res.RowsAffected == 0 {
			return res.Error
		}
		now := db.Now()
		var msg string
		switch status {
		case "delivered":
			msg = fmt.Sprintf("%s page to user %d delivered", p.Channel, p.UserID)
		case "completed":
			msg = fmt.Sprintf("voice call to user %d answered", p.UserID)
		case "failed", "undelivered", "busy", "no-answer", "canceled":
			msg = fmt.Sprintf("%s page to user %d: %s", p.Channel, p.UserID, status)
		default:
			return nil
		}
		kind := paging.EvPageSent
		if status != "delivered" && status != "completed" {
			kind = paging.EvPageFailed
		}
		if err := tx.Create(ptr(eventRow(p.AlertID, now, kind, msg, 0))).Error; err != nil {
			return err
		}
		if kind == paging.EvPageFailed && !p.Shadow && (status == "failed" || status == "undelivered") {
			return fallBack(tx, p, now)
		}
		return nil
	})
}

// fallBack enqueues the page again on the other phone channel, once, if the
// alert is still unacknowledged.
func fallBack(tx *gorm.DB, p pageRow, now time.Time) error {
	if p.FellBack || p.Address == "" {
		return nil
	}
	var a alertRow
	if err := tx.Select("id, status").Take(&a, p.AlertID).Error; err != nil {
		return err
	}
	if a.Status != string(paging.Triggered) {
		return nil
	}
	other := "voice"
	if p.Channel == "voice" {
		other = "sms"
	}
	if err := tx.Model(&pageRow{}).Where("id = ?", p.ID).Update("fell_back", true).Error; err != nil {
		return err
	}
	// The other channel may already be scheduled (the default calls after
	// two minutes): bring it forward rather than add another.
	res := tx.Model(&pageRow{}).Where("alert_id = ? AND step = ? AND loop = ? AND user_id = ? AND channel = ? AND status = 'pending'",
		p.AlertID, p.Step, p.Loop, p.UserID, other).Updates(map[string]any{"next_attempt_at": now, "fell_back": true})
	if res.Error != nil {
		return res.Error
	}
	if res.RowsAffected == 0 {
		np := pageRow{AlertID: p.AlertID, UserID: p.UserID, Channel: other, Shadow: p.Shadow, Step: p.Step, Loop: p.Loop, Urgency: p.Urgency,
			Status: string(paging.PagePending), NextAttemptAt: now, CreatedAt: now, Via: p.Via + " (fallback)", Address: p.Address, FellBack: true}
		created := tx.Clauses(onConflictNothing()).Create(&np)
		if created.Error != nil {
			return created.Error
		}
		if created.RowsAffected == 0 {
			return nil // that channel was already tried for this step
		}
	}
	return tx.Create(ptr(eventRow(p.AlertID, now, paging.EvPaged, fmt.Sprintf("falling back to %s for user %d", other, p.UserID), 0))).Error
}
