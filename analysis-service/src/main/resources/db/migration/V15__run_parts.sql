-- Parts of a run (issue 23): each test JVM (launcher session) of a build that streams through the JUnit Platform
-- reporter says when it started and when it finished (testpulse.runs, with "part"). The run stays running while any
-- part is open and is finished once every known part ended and no new part came for testpulse.analysis.run-settle;
-- a part that comes after that reopens it. Owned by runs/RunStore.
create table run_parts (
    project    text        not null,
    pipeline   text        not null,
    run_id     text        not null,
    attempt    integer     not null,
    job        text        not null,
    part       text        not null,
    started_at timestamptz,
    ended_at   timestamptz,
    outcomes   bigint,
    primary key (project, pipeline, run_id, attempt, job, part)
);
-- kept on the run so that the settle check reads only running runs (runs_running), never the parts
alter table runs add column parts_open integer not null default 0;
alter table runs add column last_part_end timestamptz;
