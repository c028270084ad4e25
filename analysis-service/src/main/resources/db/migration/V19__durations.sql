-- duration_regression reads one test's last executions newest first (at most a few dozen): outcome_test_history (V18)
-- serves it too, so no second index on the same columns; the comment names both readers.
comment on index outcome_test_history is 'readers: history.TestHistory (a test''s executions, newest first), alerts.SignalSources.durations (duration_regression)';
