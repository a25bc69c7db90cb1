package paging

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"time"
)

// WebhookSender posts each page as JSON to a URL: for chat tools, custom
// notifiers, and the load tool's sink that measures alert-to-page latency.
type WebhookSender struct {
	URL    string
	Client *http.Client
}

// NewWebhookSender returns a sender to url whose client keeps enough idle
// connections for the dispatcher's parallel sends (Go's default keeps two
// per host, so every third concurrent page would dial afresh).
func NewWebhookSender(url string) WebhookSender {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxIdleConnsPerHost = 32
	return WebhookSender{URL: url, Client: &http.Client{Timeout: 10 * time.Second, Transport: tr}}
}

// WebhookPage is the JSON a webhook receives.
type WebhookPage struct {
	PageID    string    `json:"page_id"`
	AlertID   string    `json:"alert_id"`
	UserID    string    `json:"user_id"`
	UserName  string    `json:"user_name"`
	Shadow    bool      `json:"shadow"`
	Urgency   string    `json:"urgency"`
	Service   string    `json:"service"`
	Summary   string    `json:"summary"`
	DedupKey  string    `json:"dedup_key"`
	Step      int       `json:"step"`
	Loop      int       `json:"loop"`
	Link      string    `json:"link"`
	CreatedAt time.Time `json:"created_at"`
}

// Send implements Sender: 2xx is delivered, 429 and 5xx are retried.
func (w WebhookSender) Send(ctx context.Context, m Message) (string, error) {
	body, _ := json.Marshal(WebhookPage{PageID: strconv.FormatInt(m.ID, 10), AlertID: strconv.FormatInt(m.AlertID, 10), UserID: strconv.FormatInt(m.UserID, 10),
		UserName: m.UserName, Shadow: m.Shadow, Urgency: string(m.Urgency), Service: m.ServiceName, Summary: m.Alert.Summary, DedupKey: m.Alert.DedupKey,
		Step: m.Step, Loop: m.Loop, Link: m.Link, CreatedAt: m.CreatedAt})
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, w.URL, bytes.NewReader(body))
	if err != nil {
		return "", err
	}
	req.Header.Set("Content-Type", "application/json")
	client := w.Client
	if client == nil {
		client = http.DefaultClient
	}
	res, err := client.Do(req)
	if err != nil {
		return "", Retryable(err, 0)
	}
	io.Copy(io.Discard, io.LimitReader(res.Body, 1<<16))
	res.Body.Close()
	switch {
	case res.StatusCode/100 == 2:
		return "webhook-" + strconv.Itoa(res.StatusCode), nil
	case res.StatusCode == http.StatusTooManyRequests || res.StatusCode >= 500:
		after, _ := strconv.Atoi(res.Header.Get("Retry-After"))
		return "", Retryable(fmt.Errorf("webhook answered %d", res.StatusCode), time.Duration(after)*time.Second)
	}
	return "", fmt.Errorf("webhook answered %d", res.StatusCode)
}
