package domain

import (
	"context"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"
)

// The bounds of a project's media list: what a project page can carry
// without becoming a gallery host. They are the API's maxLength/maxItems too.
const (
	MaxMediaItems   = 20
	MaxMediaURLLen  = 2048
	MaxMediaTextLen = 300 // caption and alt text, in characters
)

// ProjectMedia is one item of a project's media list: an image, a video or
// a link shown on its page, in the owner's order.
type ProjectMedia struct {
	ID        uuid.UUID
	ProjectID uuid.UUID
	Position  int // 0-based place in the list
	Kind      string
	URL       string
	Caption   string
	AltText   string // required for images: the page is read aloud too
	CreatedAt time.Time
}

// MediaInput is what the owner gives to add a media item. Position is the
// 1-based place to insert it at; 0 appends.
type MediaInput struct {
	Kind     string
	URL      string
	Caption  string
	AltText  string
	Position int
}

// validateMedia checks a media item's fields: a known kind, an absolute
// https URL (media are embedded in a public page: no plain http, no other
// scheme, no credentials) of bounded length, plain-text caption and alt
// text of bounded length, alt text for images.
func validateMedia(m *ProjectMedia) error {
	var v Validator
	v.OneOf("kind", m.Kind, MediaKinds)
	m.URL = strings.TrimSpace(m.URL)
	u, err := url.Parse(m.URL)
	switch {
	case m.URL == "":
		v.Add("url", "is required")
	case len(m.URL) > MaxMediaURLLen:
		v.Add("url", fmt.Sprintf("must be at most %d characters", MaxMediaURLLen))
	case err != nil || u.Scheme != "https" || u.Host == "":
		v.Add("url", "must be an absolute https URL")
	case u.User != nil:
		v.Add("url", "must not carry credentials")
	}
	m.Caption, m.AltText = strings.TrimSpace(m.Caption), strings.TrimSpace(m.AltText)
	v.Length("caption", m.Caption, 0, MaxMediaTextLen)
	plainText(&v, "caption", m.Caption)
	v.Length("alt_text", m.AltText, 0, MaxMediaTextLen)
	plainText(&v, "alt_text", m.AltText)
	if m.Kind == "image" && m.AltText == "" {
		v.Add("alt_text", "is required for an image")
	}
	return v.Err()
}

// ProjectMediaList returns a project's media (by id or name), in order.
func (s *Service) ProjectMediaList(ctx context.Context, idOrName string) (*Project, []*ProjectMedia, error) {
	var (
		p     *Project
		items []*ProjectMedia
	)
	err := s.store.View(ctx, func(tx Tx) error {
		var err error
		if p, err = resolveProject(ctx, tx, idOrName); err != nil {
			return err
		}
		items, err = tx.ListMedia(ctx, p.ID)
		return err
	})
	return p, items, err
}

// AddProjectMedia adds a media item to a project (by id or name) at
// in.Position (1-based; 0 appends) and returns the item. A full list is a
// conflict. The garden and the project's page are told to reload.
func (s *Service) AddProjectMedia(ctx context.Context, idOrName string, in MediaInput) (*ProjectMedia, error) {
	m := &ProjectMedia{ID: s.newID(), Kind: in.Kind, URL: in.URL, Caption: in.Caption, AltText: in.AltText,
		CreatedAt: s.Now()}
	if err := validateMedia(m); err != nil {
		return nil, err
	}
	if in.Position < 0 {
		return nil, Invalid("position", "must be 1 or more (0 appends)")
	}
	err := s.editMedia(ctx, idOrName, "media_added", func(p *Project, items []*ProjectMedia) ([]*ProjectMedia, error) {
		if len(items) >= MaxMediaItems {
			return nil, &ConflictError{Kind: "media", Detail: fmt.Sprintf("project %q already has %d media items; remove one first", p.Name, MaxMediaItems)}
		}
		at := len(items)
		if in.Position > 0 && in.Position <= len(items) {
			at = in.Position - 1
		}
		m.ProjectID = p.ID
		return slices.Insert(items, at, m), nil
	})
	if err != nil {
		return nil, err
	}
	return m, nil
}

// RemoveProjectMedia removes a media item from a project (by id or name);
// ref is the item's id or its 1-based position. The items after it move up.
func (s *Service) RemoveProjectMedia(ctx context.Context, idOrName, ref string) (*ProjectMedia, error) {
	var removed *ProjectMedia
	err := s.editMedia(ctx, idOrName, "media_removed", func(p *Project, items []*ProjectMedia) ([]*ProjectMedia, error) {
		i := mediaIndex(items, ref)
		if i < 0 {
			return nil, &NotFoundError{Kind: "media item", Key: ref}
		}
		removed = items[i]
		return slices.Delete(items, i, i+1), nil
	})
	if err != nil {
		return nil, err
	}
	return removed, nil
}

// mediaIndex finds ref (an id or a 1-based position) in items, -1 if absent.
func mediaIndex(items []*ProjectMedia, ref string) int {
	ref = strings.TrimSpace(ref)
	if id, err := uuid.Parse(ref); err == nil {
		return slices.IndexFunc(items, func(m *ProjectMedia) bool { return m.ID == id })
	}
	var pos int
	if _, err := fmt.Sscanf(ref, "%d", &pos); err != nil || fmt.Sprint(pos) != ref || pos < 1 || pos > len(items) {
		return -1
	}
	return pos - 1
}

// editMedia changes a project's media list in one transaction: edit gets
// the list in order and returns the new one, which is stored renumbered
// with the project's media_count, and a garden_changed event makes every
// replica drop its cached garden and project page.
func (s *Service) editMedia(ctx context.Context, idOrName, action string,
	edit func(*Project, []*ProjectMedia) ([]*ProjectMedia, error)) error {
	return s.store.Update(ctx, func(tx Tx) error {
		p, err := resolveProject(ctx, tx, idOrName)
		if err != nil {
			return err
		}
		items, err := tx.ListMedia(ctx, p.ID)
		if err != nil {
			return err
		}
		if items, err = edit(p, items); err != nil {
			return err
		}
		for i, m := range items {
			m.Position = i
		}
		if err := tx.ReplaceMedia(ctx, p.ID, items); err != nil {
			return err
		}
		return s.emitGardenChanged(ctx, tx, "project", p.ID, action)
	})
}
