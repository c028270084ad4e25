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
    -- The latest T for which "since T" this commit is flaky on this branch (marked, or passed and failed): null when
    -- it never was. The flaky rule looks here first; a test with no such row since its window began is not flaky.
    flaky_since    timestamptz generated always as (greatest(last_marked_at,
                       case when last_passed_at is not null and last_failed_at is not null
                            then least(last_passed_at, last_failed_at) end)) stored,
    -- read by the batch's upsert (on conflict) and by the flaky read of a window's rows (FlakyTests.kept: project,
    -- branch, the batch's test names); retention's delete by last_seen_at scans the table hourly
    primary key (project, branch, test_name, suite, class_name, commit_key)
);
-- read by the flaky rule's first question (FlakyTests.candidates): which of the batch's tests have a commit flaky
-- since the window began; partial, so commits that never were flaky (most, where each run has its own) cost nothing
create index test_commit_flaky on test_commit (project, branch, flaky_since) where flaky_since is not null;

-- The raw outcomes already kept (30 days) carry over, so an upgrade finds the same flaky tests as before.
insert into test_commit (project, branch, test_name, suite, class_name, commit_key, last_seen_at, last_passed_at,
                         last_failed_at, last_marked_at)
select project, branch, test_name, suite, coalesce(class_name, ''), coalesce(run_commit, pipeline || '#' || run_id),
       max(observed_at), max(observed_at) filter (where status = 'passed'),
       max(observed_at) filter (where status in ('failed', 'error')), max(observed_at) filter (where flaky)
from outcome
where status <> 'skipped'
group by 1, 2, 3, 4, 5, 6;
