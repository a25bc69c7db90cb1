package pagerduty

// Coverage exposes the restriction conversion to the external tests.
var Coverage = coverage
