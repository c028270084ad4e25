-- Alerts with many instances and without new data (issue: alerts at scale).

-- Publication order per series: events are numbered as they are written (under the project's advisory lock, so a
-- series' events are numbered in the order of its transitions) and a relay publishes an event only once every earlier
-- unsent event of its fingerprint is published or set aside.
alter table alert_events add column seq bigserial;
create index alert_events_unsent_series on alert_events (fingerprint, seq) where sent_at is null and failed_at is null;
create index alert_events_seq on alert_events (seq);

-- Rule lifecycle: a rule can be disabled (not evaluated, its series resolved); a deleted default rule leaves a
-- tombstone so that it is not created again; the default "below target" rule follows the target only until someone
-- edits it.
alter table alert_rules add column enabled boolean not null default true,
    add column deleted_at timestamptz,
    add column follows_target boolean not null default false;
update alert_rules set follows_target = true where builtin and kind = 'rate_below';

-- Time-based transitions are stepped by a scheduler: the series it must look at.
create index alert_series_active on alert_series (project) where state <> 'OK' or notified;
