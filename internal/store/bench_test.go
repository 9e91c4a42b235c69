package store_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/greenhouse-garden/greenhouse/internal/domain"
	"github.com/greenhouse-garden/greenhouse/internal/storetest"
)

// Each benchmark interleaves the measured path with its reference (a one-row
// insert into a bare table on the same engine), so a noisy shared machine
// slows both alike, and reports both times and their ratio.

func benchGarden(b *testing.B, svc *domain.Service) {
	ctx := context.Background()
	for i := range 12 {
		if _, err := svc.PlantProject(ctx, domain.PlantInput{Name: fmt.Sprintf("Plant %d", i),
			Technologies: []string{"go", "sql", fmt.Sprint("t", i)}}); err != nil {
			b.Fatal(err)
		}
	}
	for i := range 20 {
		if _, err := svc.AddSkill(ctx, domain.SkillInput{Name: fmt.Sprintf("Skill %d", i), ProficiencyLevel: 5}); err != nil {
			b.Fatal(err)
		}
	}
}

type interleaved struct {
	ref, path time.Duration
}

func (iv *interleaved) step(b *testing.B, ref, path func() error) {
	t0 := time.Now()
	if err := ref(); err != nil {
		b.Fatal(err)
	}
	t1 := time.Now()
	if err := path(); err != nil {
		b.Fatal(err)
	}
	iv.ref += t1.Sub(t0)
	iv.path += time.Since(t1)
}

func (iv *interleaved) report(b *testing.B) {
	n := float64(b.N)
	b.ReportMetric(float64(iv.path.Nanoseconds())/n, "path-ns/op")
	b.ReportMetric(float64(iv.ref.Nanoseconds())/n, "ref-ns/op")
	b.ReportMetric(float64(iv.path)/float64(iv.ref), "path/ref")
}

func BenchmarkStore(b *testing.B) {
	for _, engine := range storetest.Engines() {
		db := storetest.Open(b, engine)
		ctx := context.Background()
		if _, err := db.SQL().ExecContext(ctx, `CREATE TABLE bench_ref (id TEXT PRIMARY KEY, v INTEGER)`); err != nil {
			b.Fatal(err)
		}
		insertRef := func() error {
			_, err := db.SQL().ExecContext(ctx, `INSERT INTO bench_ref (id, v) VALUES ($1, $2)`, uuid.NewString(), 1)
			return err
		}
		svc := domain.NewService(db)
		benchGarden(b, svc)

		b.Run(engine+"/load-garden", func(b *testing.B) {
			var iv interleaved
			for b.Loop() {
				iv.step(b, insertRef, func() error { _, err := svc.LoadGarden(ctx); return err })
			}
			iv.report(b)
		})
		b.Run(engine+"/record-interaction", func(b *testing.B) {
			sess, err := svc.StartSession(ctx, domain.SessionInput{DeviceType: "desktop"})
			if err != nil {
				b.Fatal(err)
			}
			projects, err := svc.ListProjects(ctx, domain.ProjectFilter{})
			if err != nil {
				b.Fatal(err)
			}
			var iv interleaved
			i := 0
			for b.Loop() {
				p := projects[i%len(projects)]
				i++
				iv.step(b, insertRef, func() error {
					_, err := svc.RecordInteraction(ctx, sess.SessionToken, p.ID, domain.InteractionInput{Type: "click"})
					return err
				})
			}
			iv.report(b)
		})
	}
}
