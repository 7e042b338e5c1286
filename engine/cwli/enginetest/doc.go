// Package enginetest runs the Logs Insights test scripts of package cwli through ctlake's own
// pipeline: the fixture events are parsed by ingest, stored by store, and every translated
// query runs in engine.Engine, sandbox and all. It has only tests; it lives apart from cwli so
// that cwli's own tests do not depend on the engine, ingest and store packages building.
package enginetest
