-- The optional run.url of an outcome (a link to the CI run's page), kept with the raw outcome for the test history.
alter table outcome add column run_url text;
-- The history of one test, newest first, without scanning the project's 30 days.
create index outcome_test_history on outcome (project, suite, test_name, observed_at desc);
