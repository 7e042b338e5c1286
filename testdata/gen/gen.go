// Package gen generates realistic, deterministic CloudTrail logs for the tests and benchmarks
// of ctlake: gzip files in the layout a trail delivers to S3, holding a plausible account's
// management events, data events, console sign-ins and errors.
//
// Output is a pure function of Config: the same Config (and Seed) gives byte-identical files
// whatever the number of workers. The cast of users, roles, buckets, keys… does not depend on
// the seed, so tests can query for names such as user "bob" or bucket "target-s3-bucket".
package gen

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"time"
)

// ErrInvalidConfig is returned (wrapped) for a Config that cannot be generated.
var ErrInvalidConfig = errors.New("invalid generator config")

// Config says what to generate. Zero fields take the documented defaults.
type Config struct {
	Events int   // total events to generate
	Seed   int64 // same seed + same config => byte-identical output files
	// Start is the first day (UTC, truncated to the day). Default: 7 days before today 00:00
	// UTC, which makes the output depend on the date; set it for reproducible files.
	Start     time.Time
	Days      int    // number of days the events spread over (default 7)
	Workers   int    // parallel encode/gzip workers (default runtime.NumCPU())
	AccountID string // default "123456789012"
	// Regions: the first is the home region and gets about 80% of the calls (global services
	// such as IAM are logged there only); the others get a decreasing share. The last of three
	// or more regions is an unusual one: a few calls in about one window in 36.
	// Default: us-east-1, us-west-2, eu-west-1, ap-northeast-1, us-east-2 and, rare, ap-south-2.
	Regions []string
}

// Stats reports what Generate wrote.
type Stats struct {
	Events  int
	Files   int
	Bytes   int64 // gzip bytes written
	Elapsed time.Duration
}

func defaultRegions() []string {
	return []string{"us-east-1", "us-west-2", "eu-west-1", "ap-northeast-1", "us-east-2", "ap-south-2"}
}

func (c Config) withDefaults() (Config, error) {
	if c.Events < 0 || c.Days < 0 || c.Workers < 0 {
		return c, fmt.Errorf("%w: negative Events, Days or Workers", ErrInvalidConfig)
	}
	if c.Days == 0 {
		c.Days = 7
	}
	if c.Workers == 0 {
		c.Workers = runtime.NumCPU()
	}
	if c.AccountID == "" {
		c.AccountID = "123456789012"
	}
	if len(c.AccountID) != 12 || strings.Trim(c.AccountID, "0123456789") != "" {
		return c, fmt.Errorf("%w: account ID %q is not 12 digits", ErrInvalidConfig, c.AccountID)
	}
	if len(c.Regions) == 0 {
		c.Regions = defaultRegions()
	}
	seen := map[string]bool{}
	for _, r := range c.Regions {
		if r == "" || strings.Trim(r, "abcdefghijklmnopqrstuvwxyz0123456789-") != "" || seen[r] {
			return c, fmt.Errorf("%w: bad or duplicate region %q", ErrInvalidConfig, r)
		}
		seen[r] = true
	}
	if c.Start.IsZero() {
		c.Start = time.Now().UTC().AddDate(0, 0, -7)
	}
	y, m, d := c.Start.UTC().Date()
	c.Start = time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	return c, nil
}

// Generate writes cfg.Events events under outDir, one gzip file per region and 5-minute
// window that has events:
//
//	AWSLogs/<account>/CloudTrail/<region>/YYYY/MM/DD/<account>_CloudTrail_<region>_<YYYYMMDDTHHMMZ>_<16 alnum>.json.gz
//
// The time in the name is the window's start. Records in a file are sorted by eventTime.
// Files appear atomically (written under a temporary name, then renamed); existing files of
// the same name are replaced. Cancelling ctx stops between files and returns ctx.Err() with
// the stats of the files completed so far.
func Generate(ctx context.Context, cfg Config, outDir string) (Stats, error) {
	began := time.Now()
	cfg, err := cfg.withDefaults()
	if err != nil {
		return Stats{}, err
	}
	if outDir == "" {
		return Stats{}, fmt.Errorf("%w: empty output directory", ErrInvalidConfig)
	}
	cat, err := newCatalog()
	if err != nil {
		return Stats{}, err
	}
	pop, err := newPopulation(cfg.AccountID, cfg.Regions, cat)
	if err != nil {
		return Stats{}, err
	}
	g := &generator{cfg: cfg, pop: pop, outDir: outDir, windows: plan(cfg), recon: cat.profiles["recon"], rare: -1}
	common := len(cfg.Regions)
	if common >= 3 {
		g.rare, common = common-1, common-1
	}
	g.common = newAlias(regionWeights(common))

	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	jobs := make(chan int)
	var (
		wg    sync.WaitGroup
		mu    sync.Mutex
		stats Stats
	)
	for range cfg.Workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			w := g.newWorker()
			for i := range jobs {
				if err := w.window(ctx, i); err != nil {
					cancel(err)
				}
			}
			mu.Lock()
			stats.Events += w.stats.Events
			stats.Files += w.stats.Files
			stats.Bytes += w.stats.Bytes
			mu.Unlock()
		}()
	}
feed:
	for i, win := range g.windows {
		if win.events == 0 {
			continue
		}
		select {
		case jobs <- i:
		case <-ctx.Done():
			break feed
		}
	}
	close(jobs)
	wg.Wait()
	stats.Elapsed = time.Since(began)
	if err := context.Cause(ctx); err != nil {
		return stats, err
	}
	return stats, nil
}

// generator is the immutable state the workers share.
type generator struct {
	cfg     Config
	pop     *population
	outDir  string
	windows []window
	common  alias // over the regions but the rare one
	rare    int   // index of the rare region, -1 if none
	recon   *profile
}
