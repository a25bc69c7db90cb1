// Package migrations embeds Rota's versioned SQL migrations, one folder per
// dialect (sqlite/, postgres/) with the same version numbers, so the binary
// carries its schema. A migration is never edited once it has landed; a
// change is a new version in both folders.
package migrations

import "embed"

// FS holds sqlite/*.sql and postgres/*.sql.
//
//go:embed sqlite/*.sql postgres/*.sql
var FS embed.FS
