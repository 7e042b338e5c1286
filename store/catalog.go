package store

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/ctlake/ctlake/internal/atomicfile"

	"github.com/google/uuid"
)

// PendingDeletionDays is how long a deleted event data store can be restored before it is purged.
const PendingDeletionDays = 7

const catalogFile = "catalog.json"

type catalog struct {
	EventDataStores []*EventDataStore `json:"EventDataStores"`
}

var nameRE = regexp.MustCompile(`^[a-zA-Z0-9._\-]{3,128}$`)

// CreateInput is CreateEventDataStore's request.
type CreateInput struct {
	Name                   string
	AdvancedEventSelectors []AdvancedEventSelector // nil: DefaultSelectors()
	RetentionPeriod        int                     // 0: the billing mode's default
	BillingMode            string                  // "": EXTENDABLE_RETENTION_PRICING
	// TerminationProtection nil means the default (enabled).
	TerminationProtection *bool
	MultiRegionEnabled    *bool // nil: true, like CloudTrail
	OrganizationEnabled   bool
	NoStartIngestion      bool
	KmsKeyID              string
	Tags                  []Tag
}

// UpdateInput is UpdateEventDataStore's request; nil fields are left as they are.
type UpdateInput struct {
	Name                   *string
	AdvancedEventSelectors []AdvancedEventSelector
	RetentionPeriod        *int
	BillingMode            *string
	TerminationProtection  *bool
	MultiRegionEnabled     *bool
	OrganizationEnabled    *bool
}

func validateName(name string) error {
	if !nameRE.MatchString(name) {
		return fmt.Errorf("%w: name %q must be 3 to 128 characters of letters, digits, '.', '_' and '-'", ErrInvalidParameter, name)
	}
	return nil
}

func validateRetention(days int, mode string) error {
	max := 3653
	if mode == BillingFixed {
		max = 2557
	}
	if days < 7 || days > max {
		return fmt.Errorf("%w: retention period %d days is outside 7 to %d for %s", ErrInvalidParameter, days, max, mode)
	}
	return nil
}

func validateBilling(mode string) error {
	if mode != BillingExtendable && mode != BillingFixed {
		return fmt.Errorf("%w: billing mode %q must be %s or %s", ErrInvalidParameter, mode, BillingExtendable, BillingFixed)
	}
	return nil
}

// edsDir is the folder of one event data store's data.
func (s *Store) edsDir(id string) string { return filepath.Join(s.root, "eds", id) }

// loadCatalog reads the catalog; a missing catalog is empty. It also purges event data stores
// whose pending-deletion period is over (their folders are removed by the caller holding the lock).
func (s *Store) loadCatalog() (*catalog, error) {
	var c catalog
	err := atomicfile.ReadJSON(filepath.Join(s.root, catalogFile), &c)
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return nil, err
	}
	return &c, nil
}

// updateCatalog runs fn on the catalog under the catalog lock and writes it back atomically
// when fn succeeds. Expired pending deletions are purged first.
func (s *Store) updateCatalog(ctx context.Context, fn func(*catalog) error) error {
	return s.withLock(ctx, "catalog.lock", func() error {
		c, err := s.loadCatalog()
		if err != nil {
			return err
		}
		purged := s.purgeExpired(c)
		if err := fn(c); err != nil {
			if len(purged) > 0 {
				if werr := atomicfile.WriteJSON(filepath.Join(s.root, catalogFile), c); werr == nil {
					s.removeFolders(purged)
				}
			}
			return err
		}
		if err := atomicfile.WriteJSON(filepath.Join(s.root, catalogFile), c); err != nil {
			return err
		}
		s.removeFolders(purged)
		return nil
	})
}

// purgeExpired drops stores past their pending-deletion period from c and returns their ids.
func (s *Store) purgeExpired(c *catalog) []string {
	var ids []string
	kept := c.EventDataStores[:0]
	for _, e := range c.EventDataStores {
		if e.Status == StatusPendingDeletion && e.DeletedTimestamp != nil &&
			s.now().Sub(*e.DeletedTimestamp) >= PendingDeletionDays*24*time.Hour {
			ids = append(ids, e.ID())
			continue
		}
		kept = append(kept, e)
	}
	c.EventDataStores = kept
	return ids
}

func (s *Store) removeFolders(ids []string) {
	for _, id := range ids {
		os.RemoveAll(s.edsDir(id))
	}
}

// find resolves a reference (name, id or ARN) in c.
func (c *catalog) find(ref string) *EventDataStore {
	for _, e := range c.EventDataStores {
		if e.Name == ref || e.ID() == ref || e.EventDataStoreArn == ref {
			return e
		}
	}
	// Names are case-sensitive in CloudTrail, ids are UUIDs: accept any case for ids.
	for _, e := range c.EventDataStores {
		if strings.EqualFold(e.ID(), ref) {
			return e
		}
	}
	return nil
}

func notFound(ref string) error { return fmt.Errorf("%w: %s", ErrNotFound, ref) }

// CreateEDS creates an event data store with CloudTrail's defaults and rules.
func (s *Store) CreateEDS(ctx context.Context, in CreateInput) (*EventDataStore, error) {
	if err := validateName(in.Name); err != nil {
		return nil, err
	}
	mode := in.BillingMode
	if mode == "" {
		mode = BillingExtendable
	}
	if err := validateBilling(mode); err != nil {
		return nil, err
	}
	days := in.RetentionPeriod
	if days == 0 {
		days = 366
		if mode == BillingFixed {
			days = 2557
		}
	}
	if err := validateRetention(days, mode); err != nil {
		return nil, err
	}
	sels := in.AdvancedEventSelectors
	if sels == nil {
		sels = DefaultSelectors()
	}
	if err := ValidateSelectors(sels); err != nil {
		return nil, err
	}
	now := s.now().UTC().Truncate(time.Millisecond)
	e := &EventDataStore{
		EventDataStoreArn:            fmt.Sprintf("arn:aws:cloudtrail:%s:%s:eventdatastore/%s", s.cfg.Region, s.cfg.AccountID, uuid.NewString()),
		Name:                         in.Name,
		Status:                       StatusEnabled,
		AdvancedEventSelectors:       sels,
		MultiRegionEnabled:           in.MultiRegionEnabled == nil || *in.MultiRegionEnabled,
		OrganizationEnabled:          in.OrganizationEnabled,
		RetentionPeriod:              days,
		TerminationProtectionEnabled: in.TerminationProtection == nil || *in.TerminationProtection,
		CreatedTimestamp:             now,
		UpdatedTimestamp:             now,
		KmsKeyID:                     in.KmsKeyID,
		BillingMode:                  mode,
		TagsList:                     in.Tags,
	}
	if in.NoStartIngestion {
		e.Status = StatusStoppedIngestion
	}
	err := s.updateCatalog(ctx, func(c *catalog) error {
		for _, o := range c.EventDataStores {
			if o.Name == in.Name {
				return fmt.Errorf("%w: %s", ErrAlreadyExists, in.Name)
			}
		}
		if max := s.cfg.MaxEventDataStores; max > 0 && len(c.EventDataStores) >= max {
			return fmt.Errorf("%w: at most %d event data stores", ErrMaxLimit, max)
		}
		if err := os.MkdirAll(s.edsDir(e.ID()), 0o755); err != nil {
			return err
		}
		c.EventDataStores = append(c.EventDataStores, e)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("create event data store: %w", err)
	}
	return e, nil
}

// GetEDS returns the event data store named by name, id or ARN.
func (s *Store) GetEDS(_ context.Context, ref string) (*EventDataStore, error) {
	c, err := s.loadCatalog()
	if err != nil {
		return nil, err
	}
	s.purgeExpired(c)
	if e := c.find(ref); e != nil {
		return e, nil
	}
	return nil, notFound(ref)
}

// ListEDS returns all event data stores, oldest first.
func (s *Store) ListEDS(_ context.Context) ([]*EventDataStore, error) {
	c, err := s.loadCatalog()
	if err != nil {
		return nil, err
	}
	s.purgeExpired(c)
	sort.SliceStable(c.EventDataStores, func(i, j int) bool {
		return c.EventDataStores[i].CreatedTimestamp.Before(c.EventDataStores[j].CreatedTimestamp)
	})
	return c.EventDataStores, nil
}

// mutate applies fn to one event data store under the catalog lock.
func (s *Store) mutate(ctx context.Context, ref string, fn func(c *catalog, e *EventDataStore) error) (*EventDataStore, error) {
	var out EventDataStore
	err := s.updateCatalog(ctx, func(c *catalog) error {
		e := c.find(ref)
		if e == nil {
			return notFound(ref)
		}
		if err := fn(c, e); err != nil {
			return err
		}
		e.UpdatedTimestamp = s.now().UTC().Truncate(time.Millisecond)
		out = *e
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// UpdateEDS changes an event data store's settings.
func (s *Store) UpdateEDS(ctx context.Context, ref string, in UpdateInput) (*EventDataStore, error) {
	return s.mutate(ctx, ref, func(c *catalog, e *EventDataStore) error {
		if e.Status == StatusPendingDeletion {
			return fmt.Errorf("%w: %s is %s", ErrInactive, e.Name, e.Status)
		}
		if in.Name != nil && *in.Name != e.Name {
			if err := validateName(*in.Name); err != nil {
				return err
			}
			for _, o := range c.EventDataStores {
				if o.Name == *in.Name {
					return fmt.Errorf("%w: %s", ErrAlreadyExists, *in.Name)
				}
			}
			e.Name = *in.Name
		}
		if in.BillingMode != nil && *in.BillingMode != e.BillingMode {
			if err := validateBilling(*in.BillingMode); err != nil {
				return err
			}
			// CloudTrail only allows moving from fixed to extendable pricing.
			if *in.BillingMode == BillingFixed {
				return fmt.Errorf("%w: billing mode cannot change from %s to %s", ErrInvalidParameter, e.BillingMode, BillingFixed)
			}
			e.BillingMode = *in.BillingMode
		}
		if in.RetentionPeriod != nil {
			e.RetentionPeriod = *in.RetentionPeriod
		}
		if err := validateRetention(e.RetentionPeriod, e.BillingMode); err != nil {
			return err
		}
		if in.AdvancedEventSelectors != nil {
			if err := ValidateSelectors(in.AdvancedEventSelectors); err != nil {
				return err
			}
			e.AdvancedEventSelectors = in.AdvancedEventSelectors
		}
		if in.TerminationProtection != nil {
			e.TerminationProtectionEnabled = *in.TerminationProtection
		}
		if in.MultiRegionEnabled != nil {
			e.MultiRegionEnabled = *in.MultiRegionEnabled
		}
		if in.OrganizationEnabled != nil {
			e.OrganizationEnabled = *in.OrganizationEnabled
		}
		return nil
	})
}

// DeleteEDS puts an event data store into PENDING_DELETION; it is purged after
// PendingDeletionDays unless restored. Termination protection must be off.
func (s *Store) DeleteEDS(ctx context.Context, ref string) (*EventDataStore, error) {
	return s.mutate(ctx, ref, func(_ *catalog, e *EventDataStore) error {
		if e.TerminationProtectionEnabled {
			return fmt.Errorf("%w: %s (turn it off with update --termination-protection=false)", ErrTerminationProtected, e.Name)
		}
		if e.Status == StatusPendingDeletion {
			return fmt.Errorf("%w: %s is already %s", ErrInvalidStatus, e.Name, e.Status)
		}
		now := s.now().UTC()
		e.StatusBeforeDeletion = e.Status
		e.Status = StatusPendingDeletion
		e.DeletedTimestamp = &now
		return nil
	})
}

// RestoreEDS brings back an event data store that is PENDING_DELETION.
func (s *Store) RestoreEDS(ctx context.Context, ref string) (*EventDataStore, error) {
	return s.mutate(ctx, ref, func(_ *catalog, e *EventDataStore) error {
		if e.Status != StatusPendingDeletion {
			return fmt.Errorf("%w: %s is %s, not %s", ErrInvalidStatus, e.Name, e.Status, StatusPendingDeletion)
		}
		e.Status = e.StatusBeforeDeletion
		if e.Status == "" {
			e.Status = StatusEnabled
		}
		e.StatusBeforeDeletion = ""
		e.DeletedTimestamp = nil
		return nil
	})
}

// StartIngestion resumes ingestion (STOPPED_INGESTION → ENABLED).
func (s *Store) StartIngestion(ctx context.Context, ref string) (*EventDataStore, error) {
	return s.setIngestion(ctx, ref, StatusStoppedIngestion, StatusEnabled)
}

// StopIngestion stops ingestion (ENABLED → STOPPED_INGESTION).
func (s *Store) StopIngestion(ctx context.Context, ref string) (*EventDataStore, error) {
	return s.setIngestion(ctx, ref, StatusEnabled, StatusStoppedIngestion)
}

func (s *Store) setIngestion(ctx context.Context, ref, from, to string) (*EventDataStore, error) {
	return s.mutate(ctx, ref, func(_ *catalog, e *EventDataStore) error {
		if e.Status != from && !(from == StatusStoppedIngestion && e.Status == StatusCreated) {
			return fmt.Errorf("%w: %s is %s; expected %s", ErrInvalidStatus, e.Name, e.Status, from)
		}
		e.Status = to
		return nil
	})
}
