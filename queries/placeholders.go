package queries

import "strings"

// StorePlaceholders are the ways public CloudTrail Lake samples (AWS's sample repository and
// the Lake documentation) name the event data store a query runs over.
var StorePlaceholders = []string{
	Placeholder, "<EDS ID>", "<event_data_store_id>", "<Event data store Id>", "<EDS_ID>",
	"<event-data-store-ID>", "config_event_data_store_ID", "event_data_store_ID", "eds-ID",
	"5e2676f8-9fce-46ef-8142-3e36a94e6691",
}

// FillStore replaces every store placeholder of a sample with ref.
func FillStore(sql, ref string) string {
	for _, p := range StorePlaceholders {
		sql = strings.ReplaceAll(sql, p, ref)
	}
	return sql
}
