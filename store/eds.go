package store

import "time"

// Event data store statuses (CloudTrail's EventDataStoreStatus).
const (
	StatusCreated           = "CREATED"
	StatusEnabled           = "ENABLED"
	StatusPendingDeletion   = "PENDING_DELETION"
	StatusStoppedIngestion  = "STOPPED_INGESTION"
	StatusStartingIngestion = "STARTING_INGESTION"
	StatusStoppingIngestion = "STOPPING_INGESTION"
)

// Billing modes.
const (
	BillingExtendable = "EXTENDABLE_RETENTION_PRICING"
	BillingFixed      = "FIXED_RETENTION_PRICING"
)

// EventDataStore is the catalog record of one event data store. Its JSON form is the
// GetEventDataStore response shape, so `ctlake eds get` and the API server print it as is.
type EventDataStore struct {
	EventDataStoreArn            string                  `json:"EventDataStoreArn"`
	Name                         string                  `json:"Name"`
	Status                       string                  `json:"Status"`
	AdvancedEventSelectors       []AdvancedEventSelector `json:"AdvancedEventSelectors"`
	MultiRegionEnabled           bool                    `json:"MultiRegionEnabled"`
	OrganizationEnabled          bool                    `json:"OrganizationEnabled"`
	RetentionPeriod              int                     `json:"RetentionPeriod"`
	TerminationProtectionEnabled bool                    `json:"TerminationProtectionEnabled"`
	CreatedTimestamp             time.Time               `json:"CreatedTimestamp"`
	UpdatedTimestamp             time.Time               `json:"UpdatedTimestamp"`
	KmsKeyID                     string                  `json:"KmsKeyId,omitempty"`
	BillingMode                  string                  `json:"BillingMode"`
	TagsList                     []Tag                   `json:"TagsList,omitempty"`
	// DeletedTimestamp is set while the store is PENDING_DELETION (not part of the AWS shape).
	DeletedTimestamp *time.Time `json:"DeletedTimestamp,omitempty"`
	// StatusBeforeDeletion is the status a restore returns to.
	StatusBeforeDeletion string `json:"StatusBeforeDeletion,omitempty"`
}

// Tag is a resource tag.
type Tag struct {
	Key   string `json:"Key"`
	Value string `json:"Value,omitempty"`
}

// ID returns the store's UUID, the last element of its ARN.
func (e *EventDataStore) ID() string {
	for i := len(e.EventDataStoreArn) - 1; i >= 0; i-- {
		if e.EventDataStoreArn[i] == '/' {
			return e.EventDataStoreArn[i+1:]
		}
	}
	return e.EventDataStoreArn
}
