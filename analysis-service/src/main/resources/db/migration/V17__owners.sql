-- Test owners (issue 29): each project's ownership rules, kept as the CODEOWNERS text they were set with (a JSON
-- upload is rendered to the same text), so GET gives back exactly what is in force; parsed when read.
create table project_owners (
    project    text        primary key,
    source     text        not null,
    updated_at timestamptz not null default now()
);
