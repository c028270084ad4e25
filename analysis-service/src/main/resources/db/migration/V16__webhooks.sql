-- Webhooks (issue 29): HTTP targets that receive every alert event of their project (optionally only one topic's or
-- some rules' events) as a CloudEvent, signed with the target's secret, from the outbox alert_events.
create table webhook_targets (
    id                   text        primary key,
    project              text        not null,
    url                  text        not null,
    -- Needed in the clear to sign each delivery; shown to the caller only once, in the answer that created it.
    secret               text        not null,
    topic                text,
    rule_ids             text[],
    created_at           timestamptz not null default now(),
    -- Per-target delivery state: a failing target waits (retry_at) without holding back any other target.
    consecutive_failures integer     not null default 0,
    retry_at             timestamptz,
    last_success_at      timestamptz,
    last_failure_at      timestamptz,
    last_failure_status  integer,
    last_failure_error   text
);
create index webhook_targets_project on webhook_targets (project, created_at);

-- One row per (target, event): its attempts and whether it arrived. Written with the event itself (the trigger
-- below), so a delivery is durable exactly when its event is; gone when retention prunes the event.
create table webhook_deliveries (
    target_id       text        not null references webhook_targets (id) on delete cascade,
    event_id        text        not null references alert_events (id) on delete cascade,
    seq             bigint      not null,
    fingerprint     text        not null,
    attempts        integer     not null default 0,
    last_attempt_at timestamptz,
    last_status     integer,
    last_error      text,
    delivered_at    timestamptz,
    -- A stored row that is not a CloudEvent is never sent (as the Kafka relay sets it aside).
    set_aside_at    timestamptz,
    primary key (target_id, event_id)
);
create index webhook_deliveries_pending on webhook_deliveries (target_id, seq) where delivered_at is null and set_aside_at is null;
create index webhook_deliveries_event on webhook_deliveries (event_id);
create index webhook_deliveries_recent on webhook_deliveries (target_id, seq desc);

-- Fan-out in the transaction that writes the event: whatever writes alert_events (alerts today, quarantine events
-- later) reaches the webhooks without a line in its own code, and no event can be missed between two polls.
create function webhook_fan_out() returns trigger language plpgsql as $$
begin
    insert into webhook_deliveries (target_id, event_id, seq, fingerprint)
    select t.id, new.id, new.seq, new.fingerprint from webhook_targets t
    where t.project = new.project and (t.topic is null or t.topic = new.topic)
      and (t.rule_ids is null or new.rule_id = any (t.rule_ids));
    return null;
end $$;
create trigger alert_events_webhooks after insert on alert_events for each row execute function webhook_fan_out();
