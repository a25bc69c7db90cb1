package main

import (
	"log/slog"

	"golang.org/x/time/rate"

	"github.com/rotaoncall/rota/api"
	"github.com/rotaoncall/rota/pagerduty"
	"github.com/rotaoncall/rota/paging"
	"github.com/rotaoncall/rota/paging/twilio"
	"github.com/rotaoncall/rota/store"
)

// delivery is how pages leave Rota.
type delivery struct {
	senders  map[paging.Channel]paging.Sender
	notifier paging.Notifier
	status   api.PagingStatus
	limits   map[paging.Channel]*rate.Limiter
	twilio   *twilio.Client
	reach    *paging.ContactNotifier
}

// delivery picks how pages leave Rota: Twilio when configured, else a
// webhook when configured, else the log (pages are recorded and shown in
// the web app, not sent). Pages to PagerDuty routing keys (contact methods
// of type pagerduty) are forwarded in every case.
func (a *app) delivery(log *slog.Logger, db *store.DB) (delivery, error) {
	d := delivery{senders: map[paging.Channel]paging.Sender{paging.ChannelLog: paging.LogSender{Log: log}}}
	c := a.cfg
	// Pages to PagerDuty contact methods (routing keys) are forwarded as
	// Events API v2 events; the outbox retries, so the client does not.
	d.senders[paging.ChannelPagerDuty] = pagerduty.NewSender(pagerduty.NewClient(pagerduty.Config{EventsURL: c.PagerDutyEvent, MaxRetries: -1}), "")
	switch set := c.TwilioSID != "" || c.TwilioToken != "" || c.TwilioFrom != "" || c.TwilioService != ""; {
	case set && c.TwilioSID == "":
		return d, usagef("ROTA_TWILIO_ACCOUNT_SID is not set (the other Twilio settings are)")
	case set && c.TwilioToken == "":
		return d, usagef("ROTA_TWILIO_AUTH_TOKEN is not set (the other Twilio settings are)")
	case set && c.TwilioFrom == "":
		return d, usagef("ROTA_TWILIO_FROM is not set (the other Twilio settings are)")
	case set:
		client, err := twilio.New(twilio.Config{AccountSID: c.TwilioSID, AuthToken: c.TwilioToken, From: c.TwilioFrom, MessagingServiceSID: c.TwilioService,
			APIURL: c.TwilioAPIURL, PublicURL: c.PublicURL})
		if err != nil {
			return d, usageError{err}
		}
		if c.TwilioRate <= 0 {
			return d, usagef("ROTA_TWILIO_RATE must be a positive number of messages per second")
		}
		sender := &twilio.Sender{Client: client, StatusPath: "/api/v1/twilio/status"}
		d.senders[paging.ChannelSMS], d.senders[paging.ChannelVoice] = sender, sender
		d.reach = paging.NewContactNotifier(db, a.clock())
		d.notifier, d.twilio = d.reach, client
		d.limits = map[paging.Channel]*rate.Limiter{
			paging.ChannelSMS:   rate.NewLimiter(rate.Limit(c.TwilioRate), 1),
			paging.ChannelVoice: rate.NewLimiter(rate.Limit(c.TwilioCallRate), 1),
		}
		d.status = api.PagingStatus{Sender: "twilio", Sending: true}
	case c.PageWebhook != "":
		d.senders[paging.ChannelWebhook] = paging.NewWebhookSender(c.PageWebhook)
		d.reach = paging.NewContactNotifier(db, a.clock())
		d.notifier, d.status = paging.ForwardingNotifier{Base: paging.FixedNotifier(paging.ChannelWebhook), Contacts: d.reach}, api.PagingStatus{Sender: "webhook", Sending: true}
	default:
		d.reach = paging.NewContactNotifier(db, a.clock())
		d.notifier, d.status = paging.ForwardingNotifier{Base: paging.FixedNotifier(paging.ChannelLog), Contacts: d.reach}, api.PagingStatus{Sender: "log", Sending: false}
	}
	return d, nil
}
