-- The tool's own flaky mark (CTRF flaky, Surefire flakyFailure/flakyError), the optional "flaky" of
-- testpulse.outcome/v1: the flaky-test insight counts a marked execution as flaky on its commit by itself.
-- A constant default is a catalogue-only change in PostgreSQL 11+: existing partitions are not rewritten.
alter table outcome add column flaky boolean not null default false;
