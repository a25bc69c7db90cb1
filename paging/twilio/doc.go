// Package twilio sends pages by SMS and voice call through Twilio and reads
// what Twilio sends back: SMS replies, keypresses and delivery statuses,
// each checked against its X-Twilio-Signature. It is the only package that
// imports twilio-go, and it wires the SDK with explicit credentials and a
// configurable API base URL so tests run the real client against
// twiliofake.
package twilio
