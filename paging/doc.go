// Package paging turns alerts into pages: it parses what monitors send
// (Alertmanager, generic JSON, PagerDuty Events v2), routes each alert to
// the one service that owns it, decides its urgency and whether it is held
// or suppressed, escalates it step by step from state kept in the database,
// and sends pages through a durable outbox. It knows nothing of HTTP
// frameworks or gorm: storage is an interface it declares.
package paging
