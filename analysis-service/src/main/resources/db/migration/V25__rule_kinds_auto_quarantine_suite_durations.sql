-- Issue 27: automatic quarantine is a rule kind (auto_quarantine) with its parameters in the rule; issue 29: a
-- duration_regression rule judges each test or each suite (per). The per-project switch of V23 becomes each project's
-- default auto_quarantine rule (id auto_quarantine:<project>, what PUT .../quarantine/auto switches), with the
-- defaults as its parameters ('{}' is read as all defaults).
alter table alert_rules add column per text check (per in ('test', 'suite')),
                        add column quarantine jsonb;
update alert_rules set per = 'test' where kind = 'duration_regression';

insert into alert_rules (id, project, name, kind, window_spec, min_samples, severity, topic, builtin, enabled, quarantine)
select 'auto_quarantine:' || project, project, 'auto quarantine', 'auto_quarantine', 'runs:20', 0, 'info', 'testpulse.alerts',
       false, enabled, '{}'::jsonb
from quarantine_auto
on conflict (id) do nothing;

drop table quarantine_auto;
