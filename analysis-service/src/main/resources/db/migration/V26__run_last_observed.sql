-- Issue #25. The flaky rule's "last N runs" window can be read from test_commit (V21) as "since T", T the recent
-- runs' earliest first_observed, exactly when no other run in the scope has an outcome observed at or after T. That
-- needs each run's latest observed_at, kept as its outcomes are counted like first_observed (V13); null is unknown,
-- and a window whose scope holds such a run is read from the raw rows, as before. No index: the check reads the same
-- primary-key prefix as RecentRuns.
alter table run_counts add column last_observed timestamptz;

-- Rows counted before this migration: their latest raw row. run_counts holds exactly the outcomes the raw store does
-- (backfill past the raw retention goes to the hour buckets only), so while the raw rows are kept this is exact; a row
-- whose raw rows have all gone stays null (unknown) until the retention deletes it.
update run_counts r set last_observed = o.last
from (select project, suite, branch, pipeline, run_id, attempt, max(observed_at) as last
      from outcome group by project, suite, branch, pipeline, run_id, attempt) o
where r.test_key = '' and r.project = o.project and r.suite = o.suite and r.branch = o.branch and r.pipeline = o.pipeline
  and r.run_id = o.run_id and r.attempt = o.attempt;
