-- Issue #25: only indexes a query or the retention reads, on the tables every counted outcome writes (the list with each
-- index's reader is in docs/benchmarks.md, "Indexes and their readers").
-- run_counts holds suite rows only (test_key = ''), read by RecentRuns grouped per run: its primary key (project, suite,
-- test_key, ...) serves those reads with the same prefix, and no query reads run_counts in started_at order.
drop index if exists run_counts_recent;
-- The retention's delete by age is the only reader of started_at, and rows arrive roughly in time order: a BRIN summary
-- serves it, as V12 did for the other time indexes, without a btree entry per row.
drop index if exists run_counts_started;
create index run_counts_started on run_counts using brin (started_at);
