-- The tests a snapshot baseline measured, so that a report can say how many of them were measured again.
-- scope is the baseline's suite ('' for the project's own baseline); suite and test_key name each test as the
-- aggregates do (test_key = class + '#' + name). Written and read only by GoalStore, replaced whole with its baseline.
create table baseline_tests (
    project   text not null,
    scope     text not null,
    suite     text not null,
    test_key  text not null,
    primary key (project, scope, suite, test_key)
);
