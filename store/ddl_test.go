package store

import (
	"strings"
	"testing"
)

func TestDDL(t *testing.T) {
	athena, err := DDL(DialectAthena, "trail", "s3://bucket/ctlake/eds/x/")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"CREATE EXTERNAL TABLE `trail`",
		"`useridentity` struct<type:string,principalid:string,arn:string,accountid:string,accesskeyid:string,username:string,sessioncontext:struct<attributes:struct<creationdate:timestamp,mfaauthenticated:string>,",
		"`requestparameters` map<string,string>",
		"`resources` array<struct<accountid:string,type:string,arn:string,arnprefix:string>>",
		"`eventtime` timestamp", "`readonly` boolean",
		"PARTITIONED BY (`eventday` string)", "LOCATION 's3://bucket/ctlake/eds/x/'",
	} {
		if !strings.Contains(athena, want) {
			t.Errorf("athena DDL lacks %q:\n%s", want, athena)
		}
	}
	trino, _ := DDL(DialectTrino, "trail", "s3://b/x")
	for _, want := range []string{"requestparameters map(varchar,varchar)", "eventtime timestamp(6)", "resources array(row(accountid varchar,type varchar,arn varchar,arnprefix varchar))", "partitioned_by = ARRAY['eventday']"} {
		if !strings.Contains(trino, want) {
			t.Errorf("trino DDL lacks %q:\n%s", want, trino)
		}
	}
	if _, err := DDL("oracle", "t", "/x"); err == nil {
		t.Error("unknown dialect accepted")
	}
}
