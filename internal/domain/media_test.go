package domain_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/greenhouse-garden/greenhouse/internal/domain"
	"github.com/greenhouse-garden/greenhouse/internal/store"
	"github.com/greenhouse-garden/greenhouse/internal/storetest"
)

func TestMediaValidation(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		svc := newService(db)
		ctx := context.Background()
		if _, err := svc.PlantProject(ctx, domain.PlantInput{Name: "Moss"}); err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct {
			in     domain.MediaInput
			fields string
		}{
			{domain.MediaInput{Kind: "image", URL: "http://example.com/a.png", AltText: "a"}, "url"},
			{domain.MediaInput{Kind: "link", URL: "javascript:alert(1)"}, "url"},
			{domain.MediaInput{Kind: "link", URL: "https://user:pw@example.com/"}, "url"},
			{domain.MediaInput{Kind: "link", URL: "https://example.com/" + strings.Repeat("a", 2048)}, "url"},
			{domain.MediaInput{Kind: "image", URL: "https://example.com/a.png"}, "alt_text"},
			{domain.MediaInput{Kind: "gif", URL: "https://example.com/a.gif", Caption: strings.Repeat("é", 301)}, "caption,kind"},
			{domain.MediaInput{Kind: "video", URL: "https://example.com/v.mp4", AltText: "<b>"}, "alt_text"},
			{domain.MediaInput{Kind: "video", URL: "https://example.com/v.mp4", Position: -1}, "position"},
		} {
			_, err := svc.AddProjectMedia(ctx, "Moss", c.in)
			var v *domain.ValidationError
			if !errors.As(err, &v) {
				t.Errorf("%+v: %v, want a validation error", c.in, err)
				continue
			}
			var fields []string
			for _, f := range v.Fields {
				fields = append(fields, f.Field)
			}
			if got := strings.Join(fields, ","); got != c.fields {
				t.Errorf("%+v: fields %s, want %s", c.in, got, c.fields)
			}
		}
		_, items, err := svc.ProjectMediaList(ctx, "Moss")
		if err != nil || len(items) != 0 {
			t.Fatalf("refused media were stored: %d %v", len(items), err)
		}
	})
}

// A project's media keep the owner's order, are counted on the project,
// are bounded, and each change tells every replica to reload.
func TestMediaOrderAndCount(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		svc := newService(db)
		ctx := context.Background()
		p, err := svc.PlantProject(ctx, domain.PlantInput{Name: "Moss"})
		if err != nil {
			t.Fatal(err)
		}
		add := func(in domain.MediaInput) *domain.ProjectMedia {
			t.Helper()
			m, err := svc.AddProjectMedia(ctx, p.ID.String(), in)
			if err != nil {
				t.Fatal(err)
			}
			return m
		}
		shot := add(domain.MediaInput{Kind: "image", URL: "https://example.com/shot.png", AltText: "The wall at dusk", Caption: "Dusk"})
		add(domain.MediaInput{Kind: "link", URL: "https://example.com/post"})
		add(domain.MediaInput{Kind: "video", URL: "https://example.com/demo.mp4", Position: 1})
		order := func() string {
			_, items, err := svc.ProjectMediaList(ctx, "moss")
			if err != nil {
				t.Fatal(err)
			}
			var kinds []string
			for i, m := range items {
				if m.Position != i {
					t.Errorf("item %d has position %d", i, m.Position)
				}
				kinds = append(kinds, m.Kind)
			}
			return strings.Join(kinds, ",")
		}
		if got := order(); got != "video,image,link" {
			t.Fatalf("order %s", got)
		}
		events, _ := svc.EventsSince(ctx, 0, 100)
		last := events[len(events)-1]
		if last.Type != domain.EventSystemUpdate || !strings.Contains(string(last.Data), `"media_added"`) {
			t.Errorf("last event %s %s, want a garden_changed media_added", last.Type, last.Data)
		}
		if _, err := svc.RemoveProjectMedia(ctx, "Moss", "1"); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.RemoveProjectMedia(ctx, "Moss", shot.ID.String()); err != nil {
			t.Fatal(err)
		}
		if got := order(); got != "link" {
			t.Fatalf("after removals: %s", got)
		}
		for _, ref := range []string{"0", "2", "01", shot.ID.String(), "x"} {
			if _, err := svc.RemoveProjectMedia(ctx, "Moss", ref); !domain.IsNotFound(err) {
				t.Errorf("remove %q: %v, want not found", ref, err)
			}
		}
		for i := 1; i < domain.MaxMediaItems; i++ {
			add(domain.MediaInput{Kind: "link", URL: fmt.Sprintf("https://example.com/%d", i)})
		}
		_, err = svc.AddProjectMedia(ctx, "Moss", domain.MediaInput{Kind: "link", URL: "https://example.com/21"})
		if !errors.Is(err, domain.ErrConflict) {
			t.Errorf("21st item: %v, want a conflict", err)
		}
		garden, err := svc.LoadGarden(ctx)
		if err != nil || len(garden.Projects) != 1 || garden.Projects[0].MediaCount != domain.MaxMediaItems {
			t.Fatalf("garden's media count: %+v %v", garden.Projects, err)
		}
		if _, err := svc.DeleteProject(ctx, "Moss"); err != nil {
			t.Fatalf("a project with media is deleted with them: %v", err)
		}
	})
}
