-- Alerts: rules (REST-managed), one state row per (rule, series), the outbox of alert events (also their history),
-- and silences. A state change and the event it causes are written in one transaction; the relay publishes.
create table alert_rules (
    id              text             primary key,
    project         text             not null,
    name            text             not null,
    kind            text             not null,
    suite_glob      text,
    test_glob       text,
    branch          text,
    window_spec     text             not null,
    below           double precision,
    recover_above   double precision,
    drop_pp         double precision,
    recover_pp      double precision,
    min_samples     bigint           not null default 0,
    confidence      double precision,
    failed_pct      double precision,
    for_evaluations integer          not null default 0,
    for_seconds     bigint           not null default 0,
    keep_firing_for_seconds bigint   not null default 0,
    severity        text             not null,
    topic           text             not null,
    builtin         boolean          not null default false,
    created_at      timestamptz      not null default now(),
    updated_at      timestamptz      not null default now()
);
create index alert_rules_project on alert_rules (project);

create table alert_series (
    rule_id         text        not null references alert_rules (id) on delete cascade,
    fingerprint     text        not null,
    project         text        not null,
    labels          jsonb       not null,
    state           text        not null,
    since           timestamptz not null,
    breaching_since timestamptz,
    breach_streak   integer     not null default 0,
    last_breach     timestamptz,
    notified        boolean     not null default false,
    value           double precision,
    fired_at        timestamptz,
    updated_at      timestamptz not null default now(),
    primary key (rule_id, fingerprint)
);
create index alert_series_firing on alert_series (project) where state = 'FIRING';

create table alert_events (
    id          text        primary key,
    fingerprint text        not null,
    rule_id     text        not null,
    project     text        not null,
    type        text        not null,
    topic       text        not null,
    cloud_event jsonb       not null,
    created_at  timestamptz not null default now(),
    sent_at     timestamptz
);
create index alert_events_unsent on alert_events (created_at) where sent_at is null;
create index alert_events_project on alert_events (project, created_at desc);

create table silences (
    id          text        primary key,
    project     text        not null,
    fingerprint text,
    suite_glob  text,
    test_glob   text,
    until       timestamptz not null,
    comment     text,
    created_at  timestamptz not null default now()
);
create index silences_project on silences (project, until);
