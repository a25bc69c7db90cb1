package main

import (
	"log/slog"
	"net/http"
	"time"

	"github.com/rotaoncall/rota/api"
	"github.com/rotaoncall/rota/paging"
)

// senders picks how pages leave Rota: a webhook when configured, else the
// log (pages are recorded and shown in the web app, not sent).
func (a *app) senders(log *slog.Logger) (map[paging.Channel]paging.Sender, paging.Notifier, api.PagingStatus) {
	senders := map[paging.Channel]paging.Sender{paging.ChannelLog: paging.LogSender{Log: log}}
	if a.cfg.PageWebhook != "" {
		senders[paging.ChannelWebhook] = paging.WebhookSender{URL: a.cfg.PageWebhook, Client: &http.Client{Timeout: 10 * time.Second}}
		return senders, paging.FixedNotifier(paging.ChannelWebhook), api.PagingStatus{Sender: "webhook", Sending: true}
	}
	return senders, paging.FixedNotifier(paging.ChannelLog), api.PagingStatus{Sender: "log", Sending: false}
}
