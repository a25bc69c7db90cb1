// Package auth signs people in and recognises them again: argon2id password
// hashes, browser sessions and bearer API tokens, of which only SHA-256
// hashes are stored. It is its own package because identity is a domain of
// its own that the HTTP layer, the CLI and later the Twilio webhooks share.
package auth
