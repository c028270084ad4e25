-- Outcome ids are unique within a project, never across projects: two projects may both send id "1".
alter table outcome_seen drop constraint outcome_seen_pkey;
alter table outcome_seen add primary key (project, id);

-- The job of a run (matrix leg, shard, parallel job) an outcome came from; a run's jobs are parts of one run.
alter table outcome add column job text;

-- Dead letters wait here, written in the transaction of the batch that found them, until the relay has published
-- them: a batch retried after a rollback never sends its dead letters twice. Key and value are kept as bytes
-- because a foreign producer's record may hold what a text column cannot (a NUL character).
create table dead_letters (
    topic           text        not null,
    kafka_partition integer     not null,
    kafka_offset    bigint      not null,
    record_key      bytea,
    record_value    bytea,
    category        text        not null,
    reason          text        not null,
    created_at      timestamptz not null default now(),
    sent_at         timestamptz,
    primary key (topic, kafka_partition, kafka_offset)
);
create index dead_letters_unsent on dead_letters (created_at) where sent_at is null;
