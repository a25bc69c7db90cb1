package api

import (
	"context"
	"errors"
	"io"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/rotaoncall/rota"
	"github.com/rotaoncall/rota/paging"
	"github.com/rotaoncall/rota/paging/twilio"
)

// twilioForm verifies X-Twilio-Signature over the public URL the webhook
// was sent to and returns the form; a bad signature is 403 and nothing
// changes.
func (s *Server) twilioForm(c *gin.Context) (map[string][]string, bool) {
	if s.twilio == nil {
		s.fail(c, rota.Errorf(rota.ENotFound, "Twilio is not configured"))
		return nil, false
	}
	body, err := io.ReadAll(c.Request.Body)
	var mbe *http.MaxBytesError
	if err != nil && !errors.As(err, &mbe) {
		err = rota.Invalid("body", "the request body could not be read")
	}
	if err != nil {
		s.fail(c, err)
		return nil, false
	}
	form, err := twilio.ParseWebhookForm(c.GetHeader("Content-Type"), body)
	if err != nil {
		s.fail(c, err)
		return nil, false
	}
	url := s.publicURL + c.Request.URL.RequestURI()
	if !s.twilio.Validate(url, form, c.GetHeader("X-Twilio-Signature")) {
		s.log.Warn("twilio webhook with a bad signature", "path", c.Request.URL.Path)
		s.fail(c, rota.Errorf(rota.EForbidden, "bad X-Twilio-Signature"))
		return nil, false
	}
	return form, true
}

func twiml(c *gin.Context, body string) {
	c.Data(http.StatusOK, "application/xml; charset=utf-8", []byte(body))
}

// twilioSMS handles replies to SMS pages: the conversation answers.
func (s *Server) twilioSMS(c *gin.Context) {
	form, ok := s.twilioForm(c)
	if !ok {
		return
	}
	from, err := NormalizePhone("From", first(form, "From"))
	if err != nil {
		twiml(c, twilio.MessagingTwiML(""))
		return
	}
	answer, err := s.conversation.SMS(c.Request.Context(), from, first(form, "Body"))
	if err != nil {
		s.fail(c, err)
		return
	}
	twiml(c, twilio.MessagingTwiML(answer))
}

// twilioVoice handles a keypress during a page call. Outbound calls come
// back with To (or Called) set to the engineer.
func (s *Server) twilioVoice(c *gin.Context) {
	form, ok := s.twilioForm(c)
	if !ok {
		return
	}
	callee, _ := NormalizePhone("To", first(form, "To", "Called"))
	answer, err := s.conversation.Keypress(c.Request.Context(), rota.ParseID(c.Query("page")), callee, first(form, "Digits"))
	if err != nil {
		s.fail(c, err)
		return
	}
	twiml(c, twilio.SayTwiML(answer))
}

// twilioStatus records delivery statuses of pages.
func (s *Server) twilioStatus(c *gin.Context) {
	form, ok := s.twilioForm(c)
	if !ok {
		return
	}
	id := rota.ParseID(c.Query("page"))
	status := first(form, "MessageStatus", "CallStatus")
	if id == 0 || status == "" {
		s.fail(c, rota.Invalid("page", "a status callback names its page and status"))
		return
	}
	if err := s.contacts.RecordDelivery(c.Request.Context(), id, status); err != nil && !rota.IsCode(err, rota.ENotFound) {
		s.fail(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}

func first(form map[string][]string, names ...string) string {
	for _, n := range names {
		if v := form[n]; len(v) > 0 && v[0] != "" {
			return v[0]
		}
	}
	return ""
}

// conversationStore puts together what the conversation reads from the
// three stores the server has.
type conversationStore struct {
	ContactStore
	PagingStore
	Store
}

// Alert resolves the ambiguity between the embedded stores.
func (c conversationStore) Alert(ctx context.Context, id int64) (paging.Alert, error) {
	return c.PagingStore.Alert(ctx, id)
}
