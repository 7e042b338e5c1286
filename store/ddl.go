package store

import (
	"fmt"
	"strings"
)

// DDL dialects for reading an event data store's files without ctlake.
const (
	DialectAthena = "athena" // Athena / Hive / Spark SQL: CREATE EXTERNAL TABLE … STORED AS PARQUET
	DialectTrino  = "trino"  // Trino's Hive connector
	DialectDuckDB = "duckdb" // a DuckDB view over the Hive tree
)

// DDL returns the statement that declares an event data store's files as a table named name in
// another engine. location is where the store folder is as that engine sees it (an s3:// URI
// once the folder is copied to a bucket, or a local path); the table is partitioned by
// eventday, one partition per UTC day.
func DDL(dialect, name, location string) (string, error) {
	location = strings.TrimSuffix(location, "/")
	var b strings.Builder
	switch dialect {
	case DialectAthena:
		fmt.Fprintf(&b, "CREATE EXTERNAL TABLE `%s` (\n", name)
		for i, c := range Columns {
			sep := ","
			if i == len(Columns)-1 {
				sep = ""
			}
			fmt.Fprintf(&b, "  `%s` %s%s\n", strings.ToLower(c.Name), hiveType(c.Type, ":", "<", ">"), sep)
		}
		fmt.Fprintf(&b, ")\nPARTITIONED BY (`eventday` string)\nSTORED AS PARQUET\nLOCATION '%s/'\n", location)
		b.WriteString("TBLPROPERTIES (\n  'projection.enabled' = 'true',\n  'projection.eventday.type' = 'date',\n" +
			"  'projection.eventday.format' = 'yyyy-MM-dd',\n  'projection.eventday.range' = '2013-01-01,NOW',\n" +
			"  'storage.location.template' = '" + location + "/eventday=${eventday}/'\n);\n")
	case DialectTrino:
		fmt.Fprintf(&b, "CREATE TABLE %s (\n", name)
		for _, c := range Columns {
			fmt.Fprintf(&b, "  %s %s,\n", strings.ToLower(c.Name), hiveType(c.Type, " ", "(", ")"))
		}
		fmt.Fprintf(&b, "  eventday varchar\n) WITH (\n  format = 'PARQUET',\n  external_location = '%s/',\n  partitioned_by = ARRAY['eventday']\n);\n", location)
		fmt.Fprintf(&b, "CALL system.sync_partition_metadata(current_schema, '%s', 'ADD');\n", name)
	case DialectDuckDB:
		fmt.Fprintf(&b, "CREATE VIEW \"%s\" AS SELECT * FROM read_parquet('%s/eventday=*/*.parquet', hive_partitioning = true);\n",
			strings.ReplaceAll(name, `"`, `""`), strings.ReplaceAll(location, "'", "''"))
	default:
		return "", fmt.Errorf("%w: dialect %q: use %s, %s or %s", ErrInvalidParameter, dialect, DialectAthena, DialectTrino, DialectDuckDB)
	}
	return b.String(), nil
}

// hiveType converts a DuckDB type of Columns to Hive's (field separator ":", brackets "<>")
// or Trino's (" ", "()") spelling.
func hiveType(t, fieldSep, open, close string) string {
	t = strings.TrimSpace(t)
	switch {
	case strings.HasSuffix(t, "[]"):
		return "array" + open + hiveType(strings.TrimSuffix(t, "[]"), fieldSep, open, close) + close
	case strings.HasPrefix(t, "MAP("):
		kv := splitTop(t[len("MAP(") : len(t)-1])
		return "map" + open + hiveType(kv[0], fieldSep, open, close) + "," + hiveType(kv[1], fieldSep, open, close) + close
	case strings.HasPrefix(t, "STRUCT("):
		var fields []string
		for _, f := range splitTop(t[len("STRUCT(") : len(t)-1]) {
			name, typ, _ := strings.Cut(strings.TrimSpace(f), " ")
			fields = append(fields, strings.ToLower(strings.Trim(name, `"`))+fieldSep+hiveType(typ, fieldSep, open, close))
		}
		return map[string]string{"<": "struct", "(": "row"}[open] + open + strings.Join(fields, ",") + close
	case t == "VARCHAR":
		return map[string]string{"<": "string", "(": "varchar"}[open]
	case t == "TIMESTAMP":
		return map[string]string{"<": "timestamp", "(": "timestamp(6)"}[open]
	}
	return strings.ToLower(t)
}

// splitTop splits a comma-separated list at nesting depth 0.
func splitTop(s string) []string {
	var out []string
	depth, start := 0, 0
	for i, c := range s {
		switch c {
		case '(':
			depth++
		case ')':
			depth--
		case ',':
			if depth == 0 {
				out = append(out, s[start:i])
				start = i + 1
			}
		}
	}
	return append(out, s[start:])
}
