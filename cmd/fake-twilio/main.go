// Command fake-twilio runs twiliofake, a fake Twilio REST API, for load
// tools and browser tests: point ROTA_TWILIO_API_URL at the URL it prints,
// read what Rota sent from /fake/messages and /fake/calls, and make it post
// signed inbound SMS, keypresses and statuses to Rota through /fake/….
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/rotaoncall/rota/paging/twilio/twiliofake"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "fake-twilio:", err)
		}
		os.Exit(2)
	}
}

// run serves until ctx ends; the first line on stdout is the fake's URL.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("fake-twilio", flag.ContinueOnError)
	fs.SetOutput(stderr)
	listen := fs.String("listen", "127.0.0.1:8089", "`host:port` to listen on (port 0 picks a free one)")
	accountSID := fs.String("account-sid", "AC00000000000000000000000000000000", "account SID the fake accepts (ROTA_TWILIO_ACCOUNT_SID)")
	authToken := fs.String("auth-token", "00000000000000000000000000000000", "auth token the fake accepts and signs webhooks with (ROTA_TWILIO_AUTH_TOKEN)")
	failStatus := fs.Int("fail-status", 0, "answer REST requests with this HTTP `status` (429 carries Retry-After)")
	failEvery := fs.Int("fail-every", 0, "with -fail-status: fail every `N`th request (0: every request)")
	retryAfter := fs.Int("retry-after", 1, "Retry-After `seconds` of 429 answers")
	latency := fs.Duration("latency", 0, "delay every REST answer by this `duration`")
	statuses := fs.String("status", "", "message statuses to post to each StatusCallback, in order, e.g. `sent,delivered`")
	callStatuses := fs.String("call-status", "", "call statuses to post to each StatusCallback, e.g. `completed`")
	statusDelay := fs.Duration("status-delay", 0, "wait this `duration` before each status callback")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	if *failEvery < 0 || *failEvery > 0 && *failStatus == 0 {
		return errors.New("-fail-every needs -fail-status and must not be negative")
	}
	if *failStatus != 0 && (*failStatus < 400 || *failStatus > 599) {
		return fmt.Errorf("-fail-status %d: want an HTTP error status (400–599)", *failStatus)
	}
	log := slog.New(slog.NewTextHandler(stderr, nil))

	fake, err := twiliofake.Listen(*listen, *accountSID, *authToken)
	if err != nil {
		return err
	}
	defer fake.Close()
	fake.SetLatency(*latency)
	fake.SetRetryAfter(*retryAfter)
	fake.SetStatusDelay(*statusDelay)
	fake.AutoStatus(splitList(*statuses)...)
	fake.AutoCallStatus(splitList(*callStatuses)...)
	switch {
	case *failStatus != 0 && *failEvery > 0:
		fake.FailEvery(*failEvery, *failStatus)
	case *failStatus != 0:
		fake.FailAll(*failStatus)
	}
	control(fake, log)

	fmt.Fprintln(stdout, fake.URL)
	log.Info("fake Twilio listening", "url", fake.URL, "account_sid", *accountSID)
	<-ctx.Done()
	log.Info("fake Twilio stopping")
	return nil
}

func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// nanos is RFC 3339 with all nine fractional digits, so that arrival times
// sort and compare as text.
const nanos = "2006-01-02T15:04:05.000000000Z07:00"

type messageJSON struct {
	SID                 string     `json:"sid"`
	To                  string     `json:"to"`
	From                string     `json:"from,omitempty"`
	MessagingServiceSID string     `json:"messaging_service_sid,omitempty"`
	Body                string     `json:"body"`
	StatusCallback      string     `json:"status_callback,omitempty"`
	Segments            int        `json:"num_segments"`
	Status              string     `json:"status"`
	At                  string     `json:"at"`
	Form                url.Values `json:"form"`
}

type callJSON struct {
	SID            string     `json:"sid"`
	To             string     `json:"to"`
	From           string     `json:"from"`
	Twiml          string     `json:"twiml,omitempty"`
	URL            string     `json:"url,omitempty"`
	StatusCallback string     `json:"status_callback,omitempty"`
	Status         string     `json:"status"`
	At             string     `json:"at"`
	Form           url.Values `json:"form"`
}

type requestJSON struct {
	Method string `json:"method"`
	Path   string `json:"path"`
	Status int    `json:"status"`
	Code   int    `json:"code,omitempty"`
	At     string `json:"at"`
}

type webhookJSON struct {
	Kind       string     `json:"kind"`
	URL        string     `json:"url"`
	Form       url.Values `json:"form"`
	HTTPStatus int        `json:"http_status,omitempty"`
	Error      string     `json:"error,omitempty"`
	At         string     `json:"at"`
}

// answerJSON is Rota's answer to a webhook the fake posted.
type answerJSON struct {
	Status      int    `json:"status"`
	ContentType string `json:"content_type"`
	Body        string `json:"body"`
}

// control adds the /fake/… routes.
func control(fake *twiliofake.Server, log *slog.Logger) {
	fake.Handle("GET /fake/messages", list(fake.Messages, func(m twiliofake.Message) messageJSON {
		return messageJSON{SID: m.SID, To: m.To, From: m.From, MessagingServiceSID: m.MessagingServiceSID, Body: m.Body,
			StatusCallback: m.StatusCallback, Segments: m.Segments, Status: m.Status, At: m.At.UTC().Format(nanos), Form: m.Form}
	}))
	fake.Handle("GET /fake/calls", list(fake.Calls, func(c twiliofake.Call) callJSON {
		return callJSON{SID: c.SID, To: c.To, From: c.From, Twiml: c.Twiml, URL: c.URL, StatusCallback: c.StatusCallback,
			Status: c.Status, At: c.At.UTC().Format(nanos), Form: c.Form}
	}))
	fake.Handle("GET /fake/requests", list(fake.Requests, func(r twiliofake.Request) requestJSON {
		return requestJSON{Method: r.Method, Path: r.Path, Status: r.Status, Code: r.Code, At: r.At.UTC().Format(nanos)}
	}))
	fake.Handle("GET /fake/webhooks", list(fake.Webhooks, func(w twiliofake.Webhook) webhookJSON {
		return webhookJSON{Kind: w.Kind, URL: w.URL, Form: w.Form, HTTPStatus: w.HTTPStatus, Error: w.Err, At: w.At.UTC().Format(nanos)}
	}))
	fake.Handle("POST /fake/reset", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fake.Reset()
		w.WriteHeader(http.StatusNoContent)
	}))
	fake.Handle("POST /fake/recover", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fake.Recover()
		w.WriteHeader(http.StatusNoContent)
	}))
	fake.Handle("POST /fake/fail", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var in struct {
			Status int `json:"status"`
			Next   int `json:"next"`
			Every  int `json:"every"`
		}
		if !decode(w, r, &in) {
			return
		}
		if in.Status < 400 || in.Status > 599 || in.Next < 0 || in.Every < 0 {
			writeJSON(w, http.StatusBadRequest, map[string]string{"error": "want {status: 400–599, and next: N or every: N or neither for all}"})
			return
		}
		switch {
		case in.Next > 0:
			fake.FailNext(in.Next, in.Status)
		case in.Every > 0:
			fake.FailEvery(in.Every, in.Status)
		default:
			fake.FailAll(in.Status)
		}
		w.WriteHeader(http.StatusNoContent)
	}))
	fake.Handle("POST /fake/inbound-sms", webhook(log, func(ctx context.Context, w http.ResponseWriter, r *http.Request) (*http.Response, error) {
		var in struct {
			WebhookURL string `json:"webhook_url"`
			From       string `json:"from"`
			To         string `json:"to"`
			Body       string `json:"body"`
		}
		if !decode(w, r, &in) {
			return nil, errAnswered
		}
		if in.WebhookURL == "" || in.From == "" || in.To == "" {
			writeJSON(w, http.StatusBadRequest, map[string]string{"error": "webhook_url, from and to are required"})
			return nil, errAnswered
		}
		return fake.InboundSMS(ctx, in.WebhookURL, in.From, in.To, in.Body)
	}))
	fake.Handle("POST /fake/keypress", webhook(log, func(ctx context.Context, w http.ResponseWriter, r *http.Request) (*http.Response, error) {
		var in struct {
			ActionURL string `json:"action_url"`
			CallSID   string `json:"call_sid"`
			From      string `json:"from"`
			To        string `json:"to"`
			Digits    string `json:"digits"`
		}
		if !decode(w, r, &in) {
			return nil, errAnswered
		}
		if in.ActionURL == "" || in.CallSID == "" {
			writeJSON(w, http.StatusBadRequest, map[string]string{"error": "action_url and call_sid are required"})
			return nil, errAnswered
		}
		return fake.Keypress(ctx, in.ActionURL, in.CallSID, in.From, in.To, in.Digits)
	}))
	fake.Handle("POST /fake/status", webhook(log, func(ctx context.Context, w http.ResponseWriter, r *http.Request) (*http.Response, error) {
		var in struct {
			SID    string `json:"sid"`
			Status string `json:"status"`
		}
		if !decode(w, r, &in) {
			return nil, errAnswered
		}
		if in.SID == "" || in.Status == "" {
			writeJSON(w, http.StatusBadRequest, map[string]string{"error": "sid and status are required"})
			return nil, errAnswered
		}
		res, err := fake.SendStatus(ctx, in.SID, in.Status)
		if errors.Is(err, twiliofake.ErrUnknown) {
			writeJSON(w, http.StatusNotFound, map[string]string{"error": err.Error()})
			return nil, errAnswered
		}
		return res, err
	}))
}

func list[T, J any](get func() []T, conv func(T) J) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		items := get()
		out := make([]J, len(items))
		for i, it := range items {
			out[i] = conv(it)
		}
		writeJSON(w, http.StatusOK, out)
	})
}

// errAnswered says the request was answered already (a bad request).
var errAnswered = errors.New("answered")

// webhook runs send, which posts a signed webhook to Rota, and relays
// Rota's answer (or 502 when Rota could not be reached).
func webhook(log *slog.Logger, send func(context.Context, http.ResponseWriter, *http.Request) (*http.Response, error)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), 20*time.Second)
		defer cancel()
		res, err := send(ctx, w, r)
		if errors.Is(err, errAnswered) {
			return
		}
		if err != nil {
			log.Warn("webhook failed", "path", r.URL.Path, "err", err)
			writeJSON(w, http.StatusBadGateway, map[string]string{"error": err.Error()})
			return
		}
		defer res.Body.Close()
		body, err := io.ReadAll(io.LimitReader(res.Body, 1<<20))
		if err != nil {
			writeJSON(w, http.StatusBadGateway, map[string]string{"error": err.Error()})
			return
		}
		writeJSON(w, http.StatusOK, answerJSON{Status: res.StatusCode, ContentType: res.Header.Get("Content-Type"), Body: string(body)})
	})
}

func decode(w http.ResponseWriter, r *http.Request, v any) bool {
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<20))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "bad JSON: " + err.Error()})
		return false
	}
	return true
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}
