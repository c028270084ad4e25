-- Quarantine (issue 27): one row per test of a project that ever left the default state 'enabled'. A released test
-- keeps its row (state 'enabled') so that the automatic rule remembers how often it muted it and mutes a test that
-- flakes again for longer. class_name is '' for a test without a class (the key cannot hold null).
create table test_states (
    project     text        not null,
    suite       text        not null,
    class_name  text        not null,
    test_name   text        not null,
    state       text        not null check (state in ('enabled', 'muted', 'skipped')),
    reason      text        not null,
    set_by      text        not null check (set_by in ('auto', 'admin', 'token')),
    since       timestamptz not null,
    until       timestamptz,
    evidence    text,
    auto_mutes  integer     not null default 0,
    updated_at  timestamptz not null default now(),
    primary key (project, suite, class_name, test_name)
);
-- readers: the list (project, state <> 'enabled') and the expiry clock (until of states not enabled)
create index test_states_listed on test_states (project) where state <> 'enabled';
create index test_states_expiring on test_states (until) where state <> 'enabled';

-- The ETag of a project's list: bumped in the transaction of every change, so a 304 costs one primary-key read.
create table quarantine_versions (
    project text   primary key,
    version bigint not null
);

-- The producer ran the test while it was muted (testpulse.outcome/v1 "muted"); its failures are counted apart as
-- well, so the summary shows them and the rate without them next to the honest one.
alter table outcome add column muted boolean not null default false;
alter table minute_counts add column muted_failed bigint not null default 0;
alter table hour_counts add column muted_failed bigint not null default 0;
alter table run_counts add column muted_failed bigint not null default 0;

-- The auto_quarantine rule of a project: off unless switched on (PUT .../quarantine/auto); an absent row is off.
create table quarantine_auto (
    project    text        primary key,
    enabled    boolean     not null,
    updated_at timestamptz not null default now()
);
