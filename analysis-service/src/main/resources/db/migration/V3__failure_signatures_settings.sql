-- Insights: every failed or errored outcome carries its failure signature (exception type + normalised message),
-- and each project's signatures are remembered with when they were first and last seen.
alter table outcome add column signature text;
create index outcome_project_signature on outcome (project, signature) where signature is not null;

create table failure_signatures (
    project         text        not null,
    signature       text        not null,
    type            text        not null,
    message         text        not null,
    first_seen      timestamptz not null,
    last_seen       timestamptz not null,
    example_message text,
    example_test    text,
    primary key (project, signature)
);

-- Per-project settings: the default branch (flaky alerts watch it) and tests named critical besides the tag.
create table project_settings (
    project        text  primary key,
    default_branch text  not null default 'main',
    critical_tests jsonb not null default '[]'
);
