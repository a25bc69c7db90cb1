// Package frontend embeds the built web app so that the rota binary can serve
// it without files beside it. The app's source lives in src/; `npm run build`
// writes it to dist/, which keeps a committed placeholder so that the embed
// compiles before the first build.
package frontend

import "embed"

// Dist holds the contents of dist/: index.html, assets/ and the placeholder.
//
//go:embed all:dist
var Dist embed.FS
