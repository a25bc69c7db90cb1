// Package apply reads a team's declarative on-call file (the YAML format
// `rota apply` takes), validates all of it with the line and field of every
// problem, compares it with the database and applies the difference in one
// transaction. It is its own package because it is the one place that maps
// a whole file onto many store operations: teams keep their on-call set-up
// in their repository and apply it from a pipeline, so the file must be
// checked before anything changes and a second run must change nothing.
package apply
