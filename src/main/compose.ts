import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import { createTwilioSender, createTwilioWebhook, twilioStatusCallbackUrl } from '../../adapters/twilio/index';
import { createSlackSurface } from '../../adapters/slack/index';
import { createTeamsSurface } from '../../adapters/teams/index';
import { PgBossQueue } from '../../adapters/pgboss/pgboss-queue';
import type { StaffAlertChannel } from '../alerts/alert-channel';
import { AlertDispatcher } from '../alerts/dispatcher';
import { Accounts } from '../auth/accounts';
import { OidcSignIn } from '../auth/oidc';
import { consoleRoutes, sessionAuthenticator } from '../console/routes';
import { simulatedSmsGuard } from '../console/simulator';
import type { ParentChannelSender } from '../channels/parent-channel';
import type { Env } from '../config/env';
import { loadSchoolFile, type School } from '../config/load-school';
import type { Channel } from '../domain/taxonomy';
import { SchoolgateError } from '../errors';
import { IngestService } from '../ingest/ingest-service';
import { Outbox, type ReplyDeliveryPort } from '../outbox/outbox';
import { type CaseOpener, type OutboxJobData, runTriageJob } from '../pipeline/triage-worker';
import type { TriageJobData } from '../ingest/ingest-service';
import type { JobQueue } from '../queue/queue';
import type { EscalationJob } from '../workflow/service';
import type { WorkflowApi } from '../workflow/views';
import { buildServer } from '../server/app';
import { createLogger } from '../server/logger';
import { serverSettingsFromEnv } from '../server/settings';
import { openStore, type Store, sqlExecutor } from '../store/open';
import { syncSchool } from '../store/school-sync';
import { CaseReplyDrafts } from '../replies/case-drafts';
import type { ReplyDraftsApi } from '../replies/views';
import { StoredModelAudit } from '../triage/model-audit';
import { StoredUsageLedger } from '../triage/stored-usage-ledger';
import { buildClassifier, buildReplyDrafter, modelServices } from './classifiers';

/** The workflow's ports the pipeline needs, built over the store and queue once both are open. */
export interface WorkflowPorts {
  cases: CaseOpener;
  replies: ReplyDeliveryPort;
  /** The service the JSON API calls; absent in pipeline-only tests. */
  service?: WorkflowApi;
  /** Runs the `escalate` queue: unacknowledged safeguarding concerns go up the ladder. */
  escalations?: { runEscalation(job: EscalationJob): Promise<unknown> };
}

export interface ComposeOptions {
  logger?: FastifyBaseLogger;
  /** Replace a channel's sender (tests point Twilio's SDK at nock through the real adapter instead). */
  senders?: Partial<Record<Channel, ParentChannelSender>>;
  workflow: (deps: { store: Store; queue: JobQueue; schools: ReadonlyMap<string, School> }) => WorkflowPorts;
  /** Staff alert surfaces (Teams, Slack); each school's file says which of them it uses. */
  alertChannels?: readonly StaffAlertChannel[];
}

export interface Schoolgate {
  app: FastifyInstance;
  store: Store;
  queue: JobQueue;
  schools: ReadonlyMap<string, School>;
  ingest: IngestService;
  /** Suggested replies for enquiries (issue #7), for the console and the Teams/Slack cards; absent without the workflow service. */
  drafts?: ReplyDraftsApi;
  /** Stop taking requests, finish the work in hand, close the queue and the database. */
  close(): Promise<void>;
}

/** Load every configured school file; all problems of all files in one error. */
export function loadSchools(env: Env): School[] {
  const loaded = env.schoolFiles.map((f) => loadSchoolFile(f));
  const errors = loaded.flatMap((r) => (r.ok ? [] : [r.error.message]));
  if (errors.length) throw new SchoolgateError('CONFIG_INVALID', errors.join('\n'));
  const schools = loaded.map((r) => (r as { ok: true; value: School }).value);
  const ids = new Set<string>();
  for (const s of schools) {
    if (ids.has(s.id)) throw new SchoolgateError('CONFIG_INVALID', `Two school files use the school id "${s.id}": each school needs its own id.`);
    ids.add(s.id);
  }
  return schools;
}

/** Build the whole service from the environment: storage, queue, workers and the HTTP server (not yet listening). */
export async function composeSchoolgate(env: Env, options: ComposeOptions): Promise<Schoolgate> {
  const logger = options.logger ?? createLogger({ level: env.SCHOOLGATE_LOG_LEVEL });
  const schoolList = loadSchools(env);
  const schools = new Map(schoolList.map((s) => [s.id, s]));
  const store = await openStore({ databaseUrl: env.DATABASE_URL, dataDir: env.dataDir });
  for (const s of schoolList) await syncSchool(store.db, s);

  const queue = await PgBossQueue.start({ db: store.executor, onError: (e) => logger.error({ err: e }, 'queue error') });
  const { cases, replies, service, escalations } = options.workflow({ store, queue, schools });

  const senders: Partial<Record<Channel, ParentChannelSender>> = { ...options.senders };
  if (!senders.sms) {
    const twilio = createTwilioSender(env);
    if (twilio.ok) senders.sms = twilio.value;
    else logger.warn(twilio.error.message);
  }
  // The console's simulator: answers to simulated texts are recorded as sent without reaching Twilio.
  if (env.SCHOOLGATE_SIMULATOR) senders.sms = simulatedSmsGuard(store.db, senders.sms);
  const outbox = new Outbox({ store, senders, replies, statusCallbackUrl: (channel) => (channel === 'sms' ? twilioStatusCallbackUrl(env.PUBLIC_URL) : undefined) });
  // Issue #7: each school file's classifier.mode decides (local by default); model schools fall back to local.
  // Model calls (tokens, latency) and the daily budget are kept in the model_calls table.
  const models = modelServices(env, { ledger: new StoredUsageLedger(store.db) });
  const classifier = buildClassifier('school', env, models);
  if (!models.models)
    for (const s of schoolList)
      if (s.file.classifier.mode !== 'local')
        logger.warn(
          `${s.id}: the school file asks for classifier.mode ${s.file.classifier.mode}, but no model is configured (set OPENAI_API_KEY, OPENAI_BASE_URL or the AZURE_OPENAI_ variables); its texts are triaged by the local classifier, marked not_configured`,
        );
  const drafts = service ? new CaseReplyDrafts({ workflow: service, drafter: buildReplyDrafter(env, models), schools, db: store.db }) : undefined;
  const modelAudit = service ? new StoredModelAudit({ workflow: service, db: store.db }) : undefined;

  let wakeTriage: NodeJS.Timeout | undefined;
  const ingest = new IngestService({
    inTransaction: (fn) => store.transaction((tx) => fn(sqlExecutor(tx))),
    queue,
    schools: schoolList,
    deliveries: outbox,
    // Wake triage once a burst has gone quiet rather than after every batch: each wake is a fetch on the
    // database the burst is writing to.
    onStored: () => {
      clearTimeout(wakeTriage);
      wakeTriage = setTimeout(() => queue.wake('triage'), 100);
      wakeTriage.unref();
    },
    onUnknownNumber: (to) => logger.warn({ to }, 'a text arrived for a number no school file lists; kept under the first school'),
  });

  // Triage shares the (embedded, single-connection) database with ingest: each job first gives way to any
  // webhooks waiting to be stored, so parents' texts are acknowledged at once and triage catches up after.
  await queue.work<TriageJobData>(
    'triage',
    async (job) => {
      await ingest.whenQuiet();
      await runTriageJob({ store, schools, classifier, queue, cases }, job);
    },
    // Jobs of a batch run one after another and each expires 120 s after the batch is fetched: with a model a job
    // may wait up to its deadline (32 s with the default timeout and retry), so fetch only as many as fit in 100 s.
    { batchSize: models.models ? Math.max(1, Math.floor(100_000 / models.models.deadlineMs)) : 20 },
  );
  // Microsoft Teams (adapters/teams): /api/messages (Bot Framework JWT, fail closed), alert cards to staff, and
  // parents on Teams through the same ingest. The outbox reads its senders when it sends, so Teams joins them here.
  const teams = createTeamsSurface(env, { schools, db: store.db, ingest, workflow: service, log: logger });
  for (const problem of teams.problems) logger.warn(problem);
  if (teams.sender && !senders.teams) senders.teams = teams.sender;
  // Slack (adapters/slack): alerts by DM, buttons over HTTP (signed) or Socket Mode; each school file opts in.
  const slack = service ? createSlackSurface(env, { workflow: service, schools, log: logger }) : null;
  for (const problem of slack?.problems ?? []) logger.warn(problem);
  if (service) {
    const channels = [...(options.alertChannels ?? []), ...(teams.channel ? [teams.channel] : []), ...(slack?.channel ? [slack.channel] : [])];
    const alerts = new AlertDispatcher({ store, schools, workflow: service, channels, log: logger });
    await queue.work('alert', async (job) => {
      await alerts.run(job);
    });
  }
  if (escalations) await queue.work<EscalationJob>('escalate', async (job) => void (await escalations.runEscalation(job.data)));
  await queue.work<OutboxJobData>('send', (job) => outbox.runSendJob(job), { batchSize: 20 });

  // The staff console and its sessions (which the JSON API accepts too), when the workflow service is wired.
  const accounts = new Accounts(store.db, schools);
  const secureCookies = (env.PUBLIC_URL ?? '').startsWith('https:');
  const oidc =
    env.ENTRA_TENANT_ID && env.ENTRA_CLIENT_ID && env.ENTRA_CLIENT_SECRET && env.PUBLIC_URL
      ? new OidcSignIn({
          issuer: `${env.ENTRA_AUTHORITY.replace(/\/$/, '')}/${env.ENTRA_TENANT_ID}/v2.0`,
          clientId: env.ENTRA_CLIENT_ID,
          clientSecret: env.ENTRA_CLIENT_SECRET,
          redirectUri: new URL('/auth/entra/callback', env.PUBLIC_URL).href,
        })
      : undefined;
  const consoleDeps = (workflow: WorkflowApi) => ({
    accounts,
    workflow,
    schools,
    secureCookies,
    cookieSecret: env.SCHOOLGATE_SESSION_SECRET,
    refreshSeconds: env.SCHOOLGATE_CONSOLE_REFRESH_SECONDS,
    oidc,
    drafts,
    simulator: env.SCHOOLGATE_SIMULATOR ? { ingest } : null,
  });
  const app = await buildServer({
    logger,
    health: { database: () => store.health(), queue: () => queue.health() },
    ingest,
    sms: createTwilioWebhook(env),
    api: { clock: () => new Date(), workflow: service, drafts, modelAudit },
    rawWebhooks: slack ? [slack.webhook] : [],
    webhookRoutes: [teams.route],
    ...(service ? { console: (app: FastifyInstance) => consoleRoutes(app, consoleDeps(service)), authenticators: [sessionAuthenticator(accounts)] } : {}),
    ...serverSettingsFromEnv(env),
  });

  // Socket Mode connects out to Slack in the background: a Slack outage must not stop parents' texts being taken.
  const socketMode = slack?.socketMode;
  socketMode?.start().then(
    () => logger.info('Slack Socket Mode connected'),
    (e: Error) => logger.error({ code: 'CONFIG_INVALID' }, `Slack Socket Mode could not connect: ${e.message}. Check SLACK_APP_TOKEN (an app-level token with connections:write) and that Socket Mode is on in the app settings.`),
  );

  let closing: Promise<void> | null = null;
  const close = () =>
    (closing ??= (async () => {
      await socketMode?.stop().catch(() => {});
      await app.close();
      await ingest.close();
      await queue.stop(10_000);
      await store.close();
    })());
  return { app, store, queue, schools, ingest, drafts, close };
}
