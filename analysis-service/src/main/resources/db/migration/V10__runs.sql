-- A run's lifecycle (issue #16): running from its first outcome until its reporter says it finished
-- (testpulse.runs), or until no outcome of it arrived for testpulse.analysis.run-idle-timeout. Per job: each matrix leg
-- or shard of a run has its own reporter and ends on its own ('' when the run named no job). Owned by runs/RunStore.
create table runs (
    project     text        not null,
    pipeline    text        not null,
    run_id      text        not null,
    attempt     integer     not null,
    job         text        not null,
    branch      text,
    run_commit  text,
    state       text        not null check (state in ('running', 'finished')),
    outcomes    bigint      not null default 0,
    passed      bigint      not null default 0,
    failed      bigint      not null default 0,
    first_at    timestamptz,
    last_at     timestamptz,
    updated_at  timestamptz not null default now(),
    finished_at timestamptz,
    finished_by text        check (finished_by in ('reporter', 'idle')),
    primary key (project, pipeline, run_id, attempt, job)
);
create index runs_running on runs (updated_at) where state = 'running';
create index runs_project_recent on runs (project, updated_at desc);

-- rate_below and infra_incident rules may also judge a run while it runs (EarlyRunCondition)
alter table alert_rules add column early boolean not null default false;
