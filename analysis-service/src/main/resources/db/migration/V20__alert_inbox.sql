-- Counting does only counting (issue 25): what alert evaluation needs to know of a counted batch is written in the
-- batch's transaction as one row per project it touched (inbox.EvaluationInbox.add), and read and deleted by the
-- evaluation in its own transaction, under the project's alert lock (alerts.InboxEvaluation): a crash in between leaves
-- the rows, which are evaluated later, once. A row lives for milliseconds, so its payload (the batch's outcomes of the
-- project without traces, and its new failure signatures, as JSON) is stored uncompressed: compressing it would cost
-- counting CPU to save space for a moment.
create table alert_inbox (
    id         bigint generated always as identity primary key,
    project    text not null,
    outcomes   integer not null,
    created_at timestamptz not null default now(),
    payload    bytea not null
);
alter table alert_inbox alter column payload set storage external;

-- readers: inbox.EvaluationInbox.take (a project's pending rows, deleted in insert order) and .pending (projects with rows)
create index alert_inbox_project on alert_inbox (project, id);
