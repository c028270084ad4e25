-- An early rule sizes a running run by its job's last finished runs (RunStore.largestRecent), read after every batch.
create index runs_finished_by_job on runs (project, pipeline, job, finished_at desc nulls last) where state = 'finished';
