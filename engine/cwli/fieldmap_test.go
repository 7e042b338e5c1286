package cwli

import (
	"testing"

	"github.com/ctlake/ctlake/store"
)

func TestStructLeaves(t *testing.T) {
	for path, want := range map[string]bool{
		"userIdentity.type": true,
		"userIdentity.sessionContext.sessionIssuer.userName":         true,
		"userIdentity.sessionContext.attributes.mfaAuthenticated":    true,
		"userIdentity.onBehalfOf.identityStoreArn":                   true,
		"tlsDetails.clientProvidedHostHeader":                        true,
		"userIdentity.sessionContext.attributes.creationDate":        false, // TIMESTAMP: the event's text instead
		"userIdentity.sessionContext.webIdFederationData.attributes": false, // a map
		"userIdentity.sessionContext":                                false, // a struct
		"userIdentity.Type":                                          false, // case-sensitive
		"resources.accountId":                                        false, // a list
		"requestParameters.bucketName":                               false, // a map
	} {
		if structLeaves[path] != want {
			t.Errorf("structLeaves[%q] = %v, want %v", path, structLeaves[path], want)
		}
	}
}

func TestLakeColumns(t *testing.T) {
	for _, c := range store.Columns {
		kind, ok := lakeColumns[c.Name]
		switch c.Type {
		case "VARCHAR":
			if c.Name == "eventJson" || c.Name == "eventJsonChecksum" {
				if ok {
					t.Errorf("%s is read as a field", c.Name)
				}
			} else if !ok || kind != tyStr {
				t.Errorf("%s: kind %v, %v", c.Name, kind, ok)
			}
		case "BOOLEAN":
			if !ok || kind != tyBool {
				t.Errorf("%s: kind %v, %v", c.Name, kind, ok)
			}
		default:
			if ok {
				t.Errorf("%s (%s) is read as a column", c.Name, c.Type)
			}
		}
	}
}

func TestJSONPointer(t *testing.T) {
	for _, c := range []struct {
		path []string
		want string
	}{
		{[]string{"a", "b", "0", "c"}, "/a/b/0/c"},
		{[]string{"a/b", "c~d"}, "/a~1b/c~0d"},
		{[]string{"x.y"}, "/x.y"},
		{[]string{"it's"}, "/it's"},
	} {
		if got := jsonPointer(c.path); got != c.want {
			t.Errorf("jsonPointer(%q) = %q, want %q", c.path, got, c.want)
		}
	}
	if got := jsonExtract(`"eventJson"`, []string{"it's"}); got != `main.json_extract_string("eventJson", '/it''s')` {
		t.Errorf("jsonExtract quotes as %s", got)
	}
}
