-- Every outcome id ever counted (within the dedupe horizon): a redelivered record or a re-sent upload
-- carries the same id and is skipped in the same transaction that would have counted it.
create table outcome_seen (
    id         text        primary key,
    project    text        not null,
    seen_at    timestamptz not null default now()
);
create index outcome_seen_seen_at on outcome_seen (seen_at);

-- Counts per project and suite since the beginning of time (windows come with the analysis core).
create table suite_counts (
    project    text        not null,
    suite      text        not null,
    passed     bigint      not null default 0,
    failed     bigint      not null default 0,
    error      bigint      not null default 0,
    skipped    bigint      not null default 0,
    updated_at timestamptz not null default now(),
    primary key (project, suite)
);

-- The next Kafka offset to apply per partition, written in the same transaction as the effects of the
-- records before it. Kafka's own committed offsets are not used (commit-strategy=ignore).
create table consumer_offsets (
    consumer_group text        not null,
    topic          text        not null,
    kafka_partition integer    not null,
    next_offset    bigint      not null,
    updated_at     timestamptz not null default now(),
    primary key (consumer_group, topic, kafka_partition)
);
