package load

import _ "embed"

// DemoQuarter is testdata/demo-quarter.csv, a generated quarter of pages
// for the demo payments team in the import format (13 weeks from Monday
// 5 January 2026: mixed dev/ops in Berlin and New York, a nightly batch
// job that fails on some nights, business-hours noise). The demo
// organisation imports it, moved to end at its own now; go test -run
// DemoQuarterFile -update regenerates it.
//
//go:embed testdata/demo-quarter.csv
var DemoQuarter []byte
