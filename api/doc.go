// Package api is Rota's HTTP surface: gin handlers and their JSON DTOs, the
// authentication and authorisation middleware, the one mapping from error
// codes to HTTP statuses, the OpenAPI document, health and metrics
// endpoints, and the embedded web app. Handlers are thin: bind, call one
// service method, map, respond.
package api
