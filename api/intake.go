package api

import (
	"cmp"
	"context"
	"errors"
	"io"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/rotaoncall/rota"
	"github.com/rotaoncall/rota/paging"
)

// Intake is the alert intake (paging.Intake).
type Intake interface {
	Resolve(ctx context.Context, key string, want paging.IntegrationType) (paging.IntegrationRef, *paging.Config, error)
	Submit(ctx context.Context, items []paging.Ingest) ([]paging.IngestResult, error)
}

// readIntakeBody reads at most paging.MaxBodyBytes; more is a 413.
func readIntakeBody(c *gin.Context) ([]byte, error) {
	if c.Request.ContentLength > paging.MaxBodyBytes {
		return nil, &http.MaxBytesError{Limit: paging.MaxBodyBytes}
	}
	body, err := io.ReadAll(http.MaxBytesReader(c.Writer, c.Request.Body, paging.MaxBodyBytes))
	var mbe *http.MaxBytesError
	if err != nil && !errors.As(err, &mbe) {
		return nil, rota.Invalid("body", "the request body could not be read")
	}
	return body, err
}

// unstored is the answer to an intake failure that is not the sender's
// fault: whatever went wrong (the database away, a failover, a bug), the
// alert is not stored and a monitor should retry, so it is 503 with
// Retry-After. The sender's faults (invalid, not found) keep their codes.
func (s *Server) unstored(c *gin.Context, err error) error {
	switch rota.ErrorCode(err) {
	case rota.EInvalid, rota.ENotFound, rota.ETooLarge:
		return err
	}
	s.log.ErrorContext(c.Request.Context(), "intake: alert not stored", "route", c.FullPath(), "err", err)
	return rota.Errorf(rota.EUnavailable, "the alert could not be stored; retry")
}

// resolve authenticates the integration key of the request.
func (s *Server) resolve(c *gin.Context, key string, want paging.IntegrationType) (paging.IntegrationRef, *paging.Config, error) {
	ref, cfg, err := s.intake.Resolve(c.Request.Context(), key, want)
	if err != nil {
		return ref, nil, s.unstored(c, err)
	}
	return ref, cfg, nil
}

// submit decides and commits events; a failure to commit is 503 so that
// monitors retry (a 2xx means committed), unless the database refused a
// value, which retrying cannot help.
func (s *Server) submit(c *gin.Context, ref paging.IntegrationRef, cfg *paging.Config, evs []paging.Incoming) ([]paging.IngestResult, error) {
	now := s.now().UTC()
	items := make([]paging.Ingest, 0, len(evs))
	for _, ev := range evs {
		it, err := paging.Decide(cfg, ref, ev, now)
		if err != nil {
			return nil, err
		}
		items = append(items, it)
	}
	res, err := s.intake.Submit(c.Request.Context(), items)
	if err == nil && len(res) == 1 && res[0].Err != nil {
		err = res[0].Err
	}
	if err != nil {
		return nil, s.unstored(c, err)
	}
	return res, nil
}

type intakeResultDTO struct {
	AlertID  string `json:"alert_id,omitempty"`
	DedupKey string `json:"dedup_key"`
	Outcome  string `json:"outcome"`
	// Error says why an alert of a webhook was refused (outcome refused).
	Error *errorDTO `json:"error,omitempty"`
}

// refusedOutcome marks an alert of an Alertmanager webhook that was not
// stored because of a problem of its own; the others were.
const refusedOutcome = "refused"

func toIntakeDTOs(rs []paging.IngestResult) []intakeResultDTO {
	out := make([]intakeResultDTO, len(rs))
	for i, r := range rs {
		if r.Err != nil {
			_, d := toDTO(r.Err)
			out[i] = intakeResultDTO{DedupKey: r.DedupKey, Outcome: refusedOutcome, Error: &d}
			continue
		}
		out[i] = intakeResultDTO{DedupKey: r.DedupKey, Outcome: string(r.Outcome)}
		if r.AlertID != 0 {
			out[i].AlertID = rota.ID(r.AlertID)
		}
	}
	return out
}

func (s *Server) intakeGeneric(c *gin.Context) {
	if err := requireJSON(c.Request); err != nil {
		s.fail(c, err)
		return
	}
	body, err := readIntakeBody(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	ref, cfg, err := s.resolve(c, c.Param("key"), paging.Generic)
	if err != nil {
		s.fail(c, err)
		return
	}
	ev, err := paging.ParseGeneric(body)
	if err != nil {
		s.fail(c, err)
		return
	}
	res, err := s.submit(c, ref, cfg, []paging.Incoming{ev})
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusAccepted, gin.H{"status": "accepted", "result": toIntakeDTOs(res)[0]})
}

// intakeAlertmanager stores the alerts of a webhook. An alert with a
// problem of its own (a fingerprint over the cap, a bad status) is refused
// alone: the others are stored and page, and the answer is 200 with status
// "partial" and the refused alerts' errors, since Alertmanager retrying the
// notification cannot help them. Only when every alert is refused is the
// answer 400, with nothing stored.
func (s *Server) intakeAlertmanager(c *gin.Context) {
	if err := requireJSON(c.Request); err != nil {
		s.fail(c, err)
		return
	}
	body, err := readIntakeBody(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	ref, cfg, err := s.resolve(c, c.Param("key"), paging.Alertmanager)
	if err != nil {
		s.fail(c, err)
		return
	}
	evs, refused, err := paging.ParseAlertmanager(body)
	if err != nil {
		s.fail(c, err)
		return
	}
	good := make([]paging.Incoming, 0, len(evs))
	var firstBad error
	for i, ev := range evs {
		if refused[i] != nil {
			firstBad = cmp.Or(firstBad, refused[i])
			continue
		}
		good = append(good, ev)
	}
	if len(good) == 0 {
		s.fail(c, firstBad)
		return
	}
	res, err := s.submit(c, ref, cfg, good)
	if err != nil {
		s.fail(c, err)
		return
	}
	stored := toIntakeDTOs(res)
	out := make([]intakeResultDTO, len(evs))
	n, nRefused := 0, 0
	for i := range evs {
		if refused[i] != nil {
			_, d := toDTO(refused[i])
			out[i] = intakeResultDTO{Outcome: refusedOutcome, Error: &d}
		} else {
			if res[n].Err != nil {
				firstBad = cmp.Or(firstBad, res[n].Err)
			}
			out[i], n = stored[n], n+1
		}
		if out[i].Outcome == refusedOutcome {
			nRefused++
		}
	}
	if nRefused == len(out) {
		s.fail(c, firstBad)
		return
	}
	status := "accepted"
	if nRefused > 0 {
		status = "partial"
		s.log.WarnContext(c.Request.Context(), "alertmanager webhook: alerts refused", "integration", ref.ID, "alerts", len(evs), "refused", nRefused, "first", firstBad.Error())
	}
	c.JSON(http.StatusOK, gin.H{"status": status, "alerts": out})
}

// pdError answers like the PagerDuty Events API.
func pdError(c *gin.Context, status int, errs ...string) {
	c.AbortWithStatusJSON(status, gin.H{"status": "invalid event", "message": "Event object is invalid", "errors": errs})
}

// pdUnavailable answers 503 with Retry-After: the event is not stored and
// the client should retry (PagerDuty's clients retry 5xx).
func pdUnavailable(c *gin.Context) {
	c.Header("Retry-After", retryAfter(unavailableRetry))
	c.AbortWithStatusJSON(http.StatusServiceUnavailable, gin.H{"status": "error", "message": "the event could not be stored; retry"})
}

// pagerDutyEnqueue is a PagerDuty Events API v2-compatible endpoint.
func (s *Server) pagerDutyEnqueue(c *gin.Context) {
	if err := requireJSON(c.Request); err != nil {
		c.AbortWithStatusJSON(http.StatusUnsupportedMediaType, gin.H{"status": "invalid event", "message": rota.ErrorMessage(err), "errors": []string{"'Content-Type' must be application/json"}})
		return
	}
	body, err := readIntakeBody(c)
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		c.AbortWithStatusJSON(http.StatusRequestEntityTooLarge, gin.H{"status": "invalid event", "message": "Request body is larger than 512 KB", "errors": []string{"payload too large"}})
		return
	}
	if err != nil {
		pdError(c, http.StatusBadRequest, "could not read the request body")
		return
	}
	key, ev, errs := paging.ParsePagerDuty(body)
	if len(errs) > 0 {
		pdError(c, http.StatusBadRequest, errs...)
		return
	}
	ref, cfg, err := s.resolve(c, key, paging.PagerDuty)
	if rota.IsCode(err, rota.ENotFound) {
		pdError(c, http.StatusBadRequest, "Invalid routing key")
		return
	}
	if err != nil {
		pdUnavailable(c)
		return
	}
	res, err := s.submit(c, ref, cfg, []paging.Incoming{ev})
	switch {
	case rota.IsCode(err, rota.EInvalid), rota.IsCode(err, rota.ENotFound):
		pdError(c, http.StatusBadRequest, rota.ErrorMessage(err))
		return
	case err != nil:
		pdUnavailable(c)
		return
	}
	c.JSON(http.StatusAccepted, gin.H{"status": "success", "message": "Event processed", "dedup_key": res[0].DedupKey})
}
