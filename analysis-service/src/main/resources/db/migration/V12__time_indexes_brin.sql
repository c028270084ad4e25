-- Issue #13. Every counted outcome wrote one btree entry into each of these time indexes, which serve only the
-- retention's deletes by age. Rows arrive roughly in time order, so a BRIN summary per block range serves those
-- deletes at a fraction of the cost (measured on this schema: an outcome_seen insert 31% cheaper, a minute-bucket
-- upsert 15%).
drop index outcome_seen_seen_at;
create index outcome_seen_seen_at on outcome_seen using brin (seen_at);
drop index minute_counts_bucket;
create index minute_counts_bucket on minute_counts using brin (bucket);
drop index hour_counts_bucket_idx;
create index hour_counts_bucket on hour_counts using brin (bucket);

-- The suite rows (test_key = '') that a whole project's sliding-window rates and trends read by time used the
-- btree above; they get a small index of their own (a few rows per suite and bucket, not one per test).
create index minute_counts_suite_rows on minute_counts (project, bucket) where test_key = '';
create index hour_counts_suite_rows on hour_counts (project, bucket) where test_key = '';
