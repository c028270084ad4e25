-- duration_regression reads one test's last executions newest first (at most a few dozen): without this it would walk
-- the project's whole raw history in outcome_project_time for a test that runs rarely.
create index outcome_test_time on outcome (project, suite, test_name, observed_at);
