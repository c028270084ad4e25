-- The analysis core: raw outcomes in daily partitions (dropped whole past the retention horizon), additive
-- time buckets at minute and hour grain, per-run counts for "last N runs" windows, baselines and targets.
-- Aggregate rows exist per test (test_key = class + '#' + name) and per suite (test_key = ''), per branch
-- (branch = '' when the outcome named none).

drop table suite_counts;

create table outcome (
    id            text        not null,
    project       text        not null,
    pipeline      text        not null,
    run_id        text        not null,
    attempt       integer     not null,
    run_commit    text,
    branch        text        not null,
    suite         text        not null,
    class_name    text,
    test_name     text        not null,
    tags          jsonb       not null default '[]',
    status        text        not null,
    duration_ms   bigint      not null,
    failure_type  text,
    failure_message text,
    retry         integer     not null,
    observed_at   timestamptz not null,
    received_at   timestamptz not null default now()
) partition by range (observed_at);
-- Anything outside the daily partitions (e.g. far-future clocks) still has a home.
create table outcome_default partition of outcome default;
create index outcome_project_time on outcome (project, observed_at);

create table minute_counts (
    project    text        not null,
    branch     text        not null,
    suite      text        not null,
    test_key   text        not null,
    bucket     timestamptz not null,
    passed     bigint      not null default 0,
    failed     bigint      not null default 0,
    error      bigint      not null default 0,
    skipped    bigint      not null default 0,
    primary key (project, suite, test_key, branch, bucket)
);
create index minute_counts_bucket on minute_counts (bucket);

create table hour_counts (like minute_counts including all);

create table run_counts (
    project    text        not null,
    branch     text        not null,
    suite      text        not null,
    test_key   text        not null,
    pipeline   text        not null,
    run_id     text        not null,
    attempt    integer     not null,
    -- when this run first touched this test or suite: orders runs for "last N runs"
    started_at timestamptz not null,
    passed     bigint      not null default 0,
    failed     bigint      not null default 0,
    error      bigint      not null default 0,
    skipped    bigint      not null default 0,
    primary key (project, suite, test_key, branch, pipeline, run_id, attempt)
);
create index run_counts_recent on run_counts (project, suite, test_key, started_at desc);
create index run_counts_started on run_counts (started_at);

-- Test names per suite, for the per-test table (class and name apart, as the API shows them).
create table tests (
    project    text not null,
    suite      text not null,
    test_key   text not null,
    class_name text,
    test_name  text not null,
    primary key (project, suite, test_key)
);

-- A frozen measurement to compare against (suite = '' for the whole project).
create table baselines (
    project     text             not null,
    suite       text             not null,
    rate        double precision not null,
    passed      bigint,
    failed      bigint,
    error       bigint,
    skipped     bigint,
    source      text             not null,
    source_window text,
    branch      text,
    set_at      timestamptz      not null default now(),
    primary key (project, suite)
);

create table targets (
    project text             not null,
    suite   text             not null,
    rate    double precision not null,
    set_at  timestamptz      not null default now(),
    primary key (project, suite)
);
