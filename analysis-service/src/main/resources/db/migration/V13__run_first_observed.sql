-- Issue #13. A "last N runs" window over raw outcomes joined the recent runs but had no time bound, so every such
-- query (the flaky rule, a test's runs, failure groups) read the project's whole retained history of the tests it
-- asked about. The earliest observed_at of a run's outcomes bounds them exactly. Rows written before this migration
-- have none (null): a window holding such a run stays unbounded until the run leaves it.
alter table run_counts add column first_observed timestamptz;
