package api

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/rotaoncall/rota"
	"github.com/rotaoncall/rota/oncall"
)

// FeedStore keeps calendar feed tokens.
type FeedStore interface {
	CalendarFeed(ctx context.Context, userID int64) (string, time.Time, error)
	ResetCalendarFeed(ctx context.Context, userID int64, token string) error
	RevokeCalendarFeed(ctx context.Context, userID int64) error
	CalendarFeedUser(ctx context.Context, token string) (rota.User, error)
}

type feedDTO struct {
	Active       bool       `json:"active"`
	CreatedAt    *time.Time `json:"created_at"`
	MyShiftsURL  string     `json:"my_shifts_url,omitempty"`
	ScheduleURLs string     `json:"schedule_url_template,omitempty"` // replace {schedule_id}
}

func (s *Server) feedDTO(token string, created time.Time) feedDTO {
	base := s.publicURL + "/ical/" + token
	return feedDTO{Active: true, CreatedAt: &created, MyShiftsURL: base + "/me.ics", ScheduleURLs: base + "/schedules/{schedule_id}.ics"}
}

func (s *Server) getFeed(c *gin.Context) {
	token, created, err := s.feeds.CalendarFeed(c.Request.Context(), currentUser(c).ID)
	if rota.IsCode(err, rota.ENotFound) {
		c.JSON(http.StatusOK, gin.H{"feed": feedDTO{}})
		return
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"feed": s.feedDTO(token, created)})
}

func (s *Server) resetFeed(c *gin.Context) {
	b := make([]byte, 24)
	rand.Read(b)
	token := base64.RawURLEncoding.EncodeToString(b)
	me := currentUser(c)
	if err := s.feeds.ResetCalendarFeed(c.Request.Context(), me.ID, token); err != nil {
		s.fail(c, err)
		return
	}
	_, created, err := s.feeds.CalendarFeed(c.Request.Context(), me.ID)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusCreated, gin.H{"feed": s.feedDTO(token, created)})
}

func (s *Server) revokeFeed(c *gin.Context) {
	if err := s.feeds.RevokeCalendarFeed(c.Request.Context(), currentUser(c).ID); err != nil {
		s.fail(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}

// feedDays reads ?days= (1…366), default oncall.FeedDays.
func feedDays(c *gin.Context) (int, error) {
	v := c.Query("days")
	if v == "" {
		return oncall.FeedDays, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > 366 {
		return 0, rota.Invalid("days", "days must be a whole number from 1 to 366")
	}
	return n, nil
}

func (s *Server) serveICal(c *gin.Context, name string, events []oncall.FeedEvent) {
	c.Header("Cache-Control", "private, max-age=300")
	c.Data(http.StatusOK, "text/calendar; charset=utf-8", []byte(oncall.ICal(name, events, s.now())))
}

// feedUser authenticates a feed request by its token.
func (s *Server) feedUser(c *gin.Context) (rota.User, bool) {
	u, err := s.feeds.CalendarFeedUser(c.Request.Context(), c.Param("token"))
	if err != nil {
		if rota.IsCode(err, rota.ENotFound) {
			err = rota.Errorf(rota.ENotFound, "unknown or revoked calendar feed")
		}
		s.fail(c, err)
		return rota.User{}, false
	}
	return u, true
}

func (s *Server) myShiftsFeed(c *gin.Context) {
	u, ok := s.feedUser(c)
	if !ok {
		return
	}
	days, err := feedDays(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	all, err := s.oncall.All(c.Request.Context())
	if err != nil {
		s.fail(c, err)
		return
	}
	from, to := oncall.FeedWindow(s.now(), days)
	s.serveICal(c, "Rota: "+u.Name+"'s shifts", oncall.EngineerEvents(all, rota.ID(u.ID), from, to))
}

func (s *Server) scheduleFeed(c *gin.Context) {
	if _, ok := s.feedUser(c); !ok {
		return
	}
	idText, ok := strings.CutSuffix(c.Param("file"), ".ics")
	id := rota.ParseID(idText)
	if !ok || id == 0 {
		s.fail(c, rota.Errorf(rota.ENotFound, "no such calendar"))
		return
	}
	days, err := feedDays(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	r, err := s.oncall.Schedule(c.Request.Context(), id)
	if err != nil {
		s.fail(c, err)
		return
	}
	from, to := oncall.FeedWindow(s.now(), days)
	s.serveICal(c, "Rota: "+r.Name, oncall.ScheduleEvents(r, from, to))
}
