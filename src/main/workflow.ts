import { loadLetterTemplates } from '../workflow/letters';
import { WorkflowService } from '../workflow/service';
import type { ComposeOptions, WorkflowPorts } from './compose';

/** The one workflow service: it opens cases for the triage worker and hears delivery reports from the outbox. */
export function workflowPorts(deps: Parameters<ComposeOptions['workflow']>[0]): WorkflowPorts {
  const templates = loadLetterTemplates();
  if (!templates.ok) throw templates.error;
  const service = new WorkflowService({ store: deps.store, schools: deps.schools, queue: deps.queue, templates: templates.value });
  return { cases: service, replies: service, service, escalations: service };
}
