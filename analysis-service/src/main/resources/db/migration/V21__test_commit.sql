-- What the flaky rule and insight need, kept as the outcomes are counted instead of re-read from the raw rows for
-- every batch: per test and commit (the run, when the commit is unknown) and branch, when it was last seen passing,
-- failing (failed or error) and marked flaky by its tool. Skipped executions are never seen. A sliding window
-- "since T" then folds exactly what the raw outcomes since T fold: seen passing in it <=> last_passed_at >= T.
-- class_name is '' when the outcome named none (ingest never sends a blank one), so it can be in the key.
create table test_commit (
    project        text        not null,
    branch         text        not null,
    test_name      text        not null,
    suite          text        not null,
    class_name     text        not null,
    commit_key     text        not null,
    last_seen_at   timestamptz not null,
    last_passed_at timestamptz,
    last_failed_at timestamptz,
    last_marked_at timestamptz,
    -- the only index: the batch's upsert finds its rows by it, and the flaky read (FlakyTests) walks it by project,
    -- branch and the batch's test names; retention's delete by last_seen_at scans the table hourly
    primary key (project, branch, test_name, suite, class_name, commit_key)
);

-- The raw outcomes already kept (30 days) carry over, so an upgrade finds the same flaky tests as before.
insert into test_commit (project, branch, test_name, suite, class_name, commit_key, last_seen_at, last_passed_at,
                         last_failed_at, last_marked_at)
select project, branch, test_name, suite, coalesce(class_name, ''), coalesce(run_commit, pipeline || '#' || run_id),
       max(observed_at), max(observed_at) filter (where status = 'passed'),
       max(observed_at) filter (where status in ('failed', 'error')), max(observed_at) filter (where flaky)
from outcome
where status <> 'skipped'
group by 1, 2, 3, 4, 5, 6;
