// Package twiliofake is a fake Twilio REST API over real HTTP, for tests
// and for cmd/fake-twilio: it accepts the Messages and Calls requests that
// twilio-go sends, answers like Twilio (including its errors), records what
// it was asked to send, injects failures and latency on demand, and posts
// status callbacks, inbound SMS and keypresses signed exactly as Twilio
// signs them.
package twiliofake
