package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestEDSLifecycle(t *testing.T) {
	c := newCLI(t)
	sel := filepath.Join(t.TempDir(), "sel.json")
	os.WriteFile(sel, []byte(allSelectors), 0o644)

	var created map[string]any
	c.jsonOut(&created, "eds", "create", "trail-store", "--selectors", "@"+sel, "--retention-days", "90")
	arn, _ := created["EventDataStoreArn"].(string)
	id := arn[strings.LastIndex(arn, "/")+1:]
	if created["Status"] != "ENABLED" || created["RetentionPeriod"] != 90.0 || created["TerminationProtectionEnabled"] != true ||
		created["BillingMode"] != "EXTENDABLE_RETENTION_PRICING" || len(id) != 36 {
		t.Fatalf("create output: %v", created)
	}
	for _, key := range []string{"AdvancedEventSelectors", "MultiRegionEnabled", "OrganizationEnabled", "CreatedTimestamp", "UpdatedTimestamp", "Name"} {
		if _, ok := created[key]; !ok {
			t.Errorf("GetEventDataStore shape lacks %s", key)
		}
	}
	for _, ref := range []string{"trail-store", id, arn} {
		var got map[string]any
		c.jsonOut(&got, "eds", "get", ref)
		if got["EventDataStoreArn"] != arn {
			t.Errorf("eds get %s: %v", ref, got)
		}
	}
	var list struct{ EventDataStores []map[string]any }
	c.jsonOut(&list, "eds", "list")
	if len(list.EventDataStores) != 1 || list.EventDataStores[0]["Name"] != "trail-store" {
		t.Errorf("eds list: %+v", list)
	}

	// Bad input names what is wrong.
	c.fails([]string{"InvalidEventSelectorsException", `"resources.typo"`}, "eds", "create", "bad1",
		"--selectors", `[{"FieldSelectors":[{"Field":"eventCategory","Equals":["Data"]},{"Field":"resources.typo","Equals":["x"]}]}]`)
	c.fails([]string{"InvalidParameterException", "7 to 3653"}, "eds", "create", "bad2", "--retention-days", "5")
	c.fails([]string{"InvalidParameterException", "x y"}, "eds", "create", "x y")
	c.fails([]string{"EventDataStoreAlreadyExistsException"}, "eds", "create", "trail-store")
	c.fails([]string{"EventDataStoreNotFoundException", "nope"}, "eds", "get", "nope")

	// Termination protection, deletion and restore.
	c.fails([]string{"EventDataStoreTerminationProtectedException"}, "eds", "delete", "trail-store")
	c.ok("eds", "update", id, "--termination-protection=false", "--retention-days", "120")
	var deleted map[string]any
	c.jsonOut(&deleted, "eds", "delete", arn)
	if deleted["Status"] != "PENDING_DELETION" || deleted["RetentionPeriod"] != 120.0 {
		t.Errorf("delete: %v", deleted)
	}
	c.fails([]string{"InactiveEventDataStoreException"}, "query", "SELECT count(*) FROM "+id)
	var restored map[string]any
	c.jsonOut(&restored, "eds", "restore", "trail-store")
	if restored["Status"] != "ENABLED" {
		t.Errorf("restore: %v", restored)
	}

	// Stopped ingestion refuses ingest.
	trail := c.genEvents(200, 3)
	c.ok("eds", "stop-ingestion", "trail-store")
	c.fails([]string{"InactiveEventDataStoreException", "STOPPED_INGESTION"}, "ingest", "--eds", "trail-store", trail)
	c.ok("eds", "start-ingestion", "trail-store")
	c.ok("ingest", "--eds", "trail-store", trail)

	var stopped map[string]any
	c.jsonOut(&stopped, "eds", "create", "later", "--no-start-ingestion", "--termination-protection=false", "--billing-mode", "FIXED_RETENTION_PRICING")
	if stopped["Status"] != "STOPPED_INGESTION" || stopped["TerminationProtectionEnabled"] != false || stopped["RetentionPeriod"] != 2557.0 {
		t.Errorf("create --no-start-ingestion: %v", stopped)
	}
}
