-- A rule that throws during evaluation is marked broken and skipped until it is changed (PUT clears the mark).
alter table alert_rules add column broken_at timestamptz, add column broken_reason text;

-- An alert event that cannot be published is retried with a growing pause and finally set aside (failed_at), so it
-- never holds back the events behind it.
alter table alert_events add column attempts integer not null default 0, add column next_attempt_at timestamptz,
    add column last_error text, add column failed_at timestamptz;
drop index alert_events_unsent;
create index alert_events_unsent on alert_events (created_at) where sent_at is null and failed_at is null;
