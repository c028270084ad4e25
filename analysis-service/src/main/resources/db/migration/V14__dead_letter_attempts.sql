-- A dead letter the broker will not take (a record near 1 MiB whose reason header pushes it past the producer's
-- request size) is retried with a growing pause and, once refused that many times, set aside (set_aside_at) with the
-- broker's answer, so it never holds back the dead letters behind it. The admin API lists the ones set aside.
alter table dead_letters add column attempts integer not null default 0, add column next_attempt_at timestamptz,
    add column last_error text, add column set_aside_at timestamptz;
drop index dead_letters_unsent;
create index dead_letters_unsent on dead_letters (created_at) where sent_at is null and set_aside_at is null;
create index dead_letters_set_aside on dead_letters (set_aside_at) where set_aside_at is not null;
