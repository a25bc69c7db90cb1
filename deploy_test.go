package rota_test

import (
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/goccy/go-yaml"
)

// Docker does not run on the development machines, so the compose file and
// the Dockerfile are kept correct by reading them.

type compose struct {
	Services map[string]struct {
		Image string `yaml:"image"`
		Build *struct {
			Context    string `yaml:"context"`
			Dockerfile string `yaml:"dockerfile"`
		} `yaml:"build"`
		Environment map[string]string `yaml:"environment"`
		DependsOn   map[string]struct {
			Condition string `yaml:"condition"`
		} `yaml:"depends_on"`
		Ports       []string `yaml:"ports"`
		Healthcheck *struct {
			Test []string `yaml:"test"`
		} `yaml:"healthcheck"`
	} `yaml:"services"`
}

func TestDockerCompose(t *testing.T) {
	raw, err := os.ReadFile("docker-compose.yml")
	if err != nil {
		t.Fatal(err)
	}
	var c compose
	if err := yaml.Unmarshal(raw, &c); err != nil {
		t.Fatalf("docker-compose.yml: %v", err)
	}
	pg, ok := c.Services["postgres"]
	if !ok || !strings.HasPrefix(pg.Image, "postgres:16") {
		t.Fatalf("want a postgres:16 service, got %+v", pg)
	}
	if pg.Healthcheck == nil || !strings.Contains(strings.Join(pg.Healthcheck.Test, " "), "pg_isready") {
		t.Fatal("postgres has no pg_isready health check")
	}
	r, ok := c.Services["rota"]
	if !ok || r.Build == nil {
		t.Fatal("no rota service built from the repository")
	}
	if _, err := os.Stat(r.Build.Dockerfile); err != nil {
		t.Fatalf("rota builds from %q: %v", r.Build.Dockerfile, err)
	}
	if r.DependsOn["postgres"].Condition != "service_healthy" {
		t.Fatal("rota does not wait for a healthy postgres")
	}
	dbURL := r.Environment["ROTA_DATABASE_URL"]
	m := regexp.MustCompile(`^postgres://([^:]+):([^@]+)@postgres:5432/([a-z]+)`).FindStringSubmatch(dbURL)
	if m == nil {
		t.Fatalf("ROTA_DATABASE_URL %q does not point at the postgres service", dbURL)
	}
	env := c.Services["postgres"].Environment
	if m[1] != env["POSTGRES_USER"] || m[2] != env["POSTGRES_PASSWORD"] || m[3] != env["POSTGRES_DB"] {
		t.Fatalf("ROTA_DATABASE_URL %q does not match the postgres credentials %v", dbURL, env)
	}
	if !strings.HasPrefix(r.Environment["ROTA_LISTEN"], "0.0.0.0:") {
		t.Fatal("rota must listen on all interfaces inside its container")
	}
	if r.Healthcheck == nil || !strings.Contains(strings.Join(r.Healthcheck.Test, " "), "healthcheck") {
		t.Fatal("rota has no health check")
	}
}

func TestDockerfile(t *testing.T) {
	raw, err := os.ReadFile("Dockerfile")
	if err != nil {
		t.Fatal(err)
	}
	df := string(raw)
	stages := regexp.MustCompile(`(?m)^FROM (\S+)(?: AS (\S+))?`).FindAllStringSubmatch(df, -1)
	if len(stages) < 3 {
		t.Fatalf("want a multi-stage build (web, go, runtime), got %d stages", len(stages))
	}
	mod, _ := os.ReadFile("go.mod")
	goVer := regexp.MustCompile(`(?m)^go (\d+\.\d+)`).FindStringSubmatch(string(mod))
	var goImage string
	for _, s := range stages {
		if strings.HasPrefix(s[1], "golang:") {
			goImage = s[1]
		}
	}
	if goVer == nil || !strings.HasPrefix(goImage, "golang:"+goVer[1]) {
		t.Fatalf("Go build image %q does not match go.mod's Go %v", goImage, goVer)
	}
	for _, want := range []string{"npm ci", "npm run build", "./cmd/rota", "COPY --from=web", "ENTRYPOINT", `"serve"`} {
		if !strings.Contains(df, want) {
			t.Errorf("Dockerfile lacks %q", want)
		}
	}
	// Every COPY --from names an earlier stage.
	names := map[string]bool{}
	for _, line := range strings.Split(df, "\n") {
		if s := regexp.MustCompile(`^FROM \S+ AS (\S+)`).FindStringSubmatch(line); s != nil {
			names[s[1]] = true
		}
		if s := regexp.MustCompile(`^COPY --from=(\S+)`).FindStringSubmatch(line); s != nil && !names[s[1]] {
			t.Errorf("COPY --from=%s names no earlier stage", s[1])
		}
	}
}
