// Package rota holds the domain types shared across Rota's packages: users,
// teams, memberships and the error type that carries a code and a message
// safe to show a user. It depends on the standard library only, so every
// other package can import it without pulling in a framework.
package rota
