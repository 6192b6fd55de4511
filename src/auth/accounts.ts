import { createHash, randomBytes, randomUUID, scrypt, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import { and, asc, eq, gt, lt, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { School } from '../config/load-school';
import { SchoolgateError } from '../errors';
import type { Db } from '../store/open';
import { auditEvents, sessions, users } from '../store/schema';
import { CONSOLE_ROLE_LABELS, type ConsoleRole, consoleRolesOf, parseConsoleRole, schoolRolesFor } from './roles';

/**
 * Console accounts: one per member of staff in a school file, signing in with an email and a password. Passwords
 * are hashed with scrypt (Node's own, memory-hard; parameters stored with each hash so they can be raised later).
 * Sessions are random tokens; only their SHA-256 digest is stored, so a copy of the database signs nobody in.
 */

const scryptAsync = promisify(scrypt) as (password: string, salt: Buffer, keylen: number, options: { N: number; r: number; p: number; maxmem: number }) => Promise<Buffer>;
const SCRYPT = { N: 2 ** 15, r: 8, p: 1, keylen: 32 };
export const SESSION_HOURS = 12;

export const NewUser = z.strictObject({
  school: z.string().min(1),
  staff: z.string().min(1, 'give the staff id from the school file, such as "karen"'),
  email: z.email('give the email address the member of staff signs in with'),
  password: z.string().min(12, 'the password must be at least 12 characters').max(200),
  admin: z.boolean().default(false),
  /** The console role this account is for (office, staff, senior-reviewer, dsl, head-teacher, admin); checked against the school file. */
  role: z.string().optional(),
});
export type NewUser = z.input<typeof NewUser>;

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scryptAsync(password, salt, SCRYPT.keylen, { N: SCRYPT.N, r: SCRYPT.r, p: SCRYPT.p, maxmem: 64 * 1024 * 1024 });
  return `scrypt$${SCRYPT.N}$${SCRYPT.r}$${SCRYPT.p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, key] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !key) return false;
  const expected = Buffer.from(key, 'base64');
  const got = await scryptAsync(password, Buffer.from(salt, 'base64'), expected.length, { N: Number(n), r: Number(r), p: Number(p), maxmem: 64 * 1024 * 1024 });
  return timingSafeEqual(expected, got);
}

const digest = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex');

export interface SessionUser {
  userId: string;
  schoolId: string;
  staffId: string;
  name: string;
  roles: readonly string[];
  admin: boolean;
  /** The console's roles, from the school file's (and `admin` from the account). */
  consoleRoles: ConsoleRole[];
  email: string;
  csrfToken: string;
}

export interface AccountView {
  id: string;
  staffId: string;
  name: string | null;
  email: string;
  admin: boolean;
  /** False for an account made by a Microsoft sign-in: it has no password here. */
  hasPassword: boolean;
  createdAt: string;
}

/** A hash no password matches: accounts that sign in with Microsoft only. */
const NO_PASSWORD = '!';

/** A hash to compare against when the email is unknown, so a wrong email takes as long as a wrong password. */
let dummyHash: Promise<string> | null = null;

export class Accounts {
  constructor(
    private readonly db: Db,
    private readonly schools: ReadonlyMap<string, School>,
  ) {}

  /** `schoolgate add-user`: the staff member must be in that school's file; a second account for them is refused. */
  async addUser(input: NewUser, by = 'cli'): Promise<{ id: string }> {
    const parsed = NewUser.safeParse(input);
    if (!parsed.success) throw new SchoolgateError('INPUT_INVALID', parsed.error.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`).join('\n'));
    const u = parsed.data;
    const school = this.schools.get(u.school);
    if (!school) throw new SchoolgateError('INPUT_INVALID', `No school file has the id "${u.school}"; configured: ${[...this.schools.keys()].join(', ')}.`);
    if (!school.staffById.has(u.staff)) throw new SchoolgateError('INPUT_INVALID', `"${u.staff}" is not a staff id in ${school.name}'s school file: add them to staff first.`);
    let admin = u.admin;
    if (u.role !== undefined) {
      const role = parseConsoleRole(u.role);
      if (!role) throw new SchoolgateError('INPUT_INVALID', `--role "${u.role}" is not a console role: use office, staff, senior-reviewer, dsl, head-teacher or admin.`);
      const member = school.staffById.get(u.staff)!;
      if (role === 'admin') admin = true;
      else if (!consoleRolesOf(member.roles, false).includes(role))
        throw new SchoolgateError(
          'INPUT_INVALID',
          `${member.name} is not ${CONSOLE_ROLE_LABELS[role]} in ${school.name}'s school file (their roles there: ${member.roles.join(', ')}). What staff may do comes from the school file: give them the role ${schoolRolesFor(role).map((r) => `"${r}"`).join(' or ')} there first.`,
        );
    }
    const email = u.email.toLowerCase();
    const [taken] = await this.db.select({ id: users.id }).from(users).where(eq(users.email, email));
    if (taken) throw new SchoolgateError('CONFLICT', `An account for ${email} already exists.`);
    const [mine] = await this.db.select({ id: users.id }).from(users).where(and(eq(users.schoolId, school.id), eq(users.staffId, u.staff)));
    if (mine) throw new SchoolgateError('CONFLICT', `${school.staffById.get(u.staff)!.name} already has an account.`);
    const id = randomUUID();
    const passwordHash = await hashPassword(u.password);
    await this.db.transaction(async (tx) => {
      await tx.insert(users).values({ id, schoolId: school.id, staffId: u.staff, email, passwordHash, admin });
      await tx.insert(auditEvents).values({ schoolId: school.id, actor: by, action: 'account.created', entityType: 'account', entityId: id, data: { staffId: u.staff, admin } });
    });
    return { id };
  }

  /** The accounts of one school, for its admins. */
  async list(schoolId: string): Promise<AccountView[]> {
    const rows = await this.db.select().from(users).where(eq(users.schoolId, schoolId)).orderBy(asc(users.email));
    const school = this.schools.get(schoolId);
    return rows.map((r) => ({
      id: r.id,
      staffId: r.staffId,
      name: school?.staffById.get(r.staffId)?.name ?? null,
      email: r.email,
      admin: r.admin,
      hasPassword: r.passwordHash !== NO_PASSWORD,
      createdAt: new Date(r.createdAt).toISOString(),
    }));
  }

  /** Remove an account of `schoolId` (its sessions end with it). An admin cannot remove their own. */
  async remove(schoolId: string, accountId: string, by: SessionUser): Promise<void> {
    if (by.schoolId !== schoolId || !by.admin) throw new SchoolgateError('FORBIDDEN', `${by.name} cannot remove accounts: it needs an admin of this school.`);
    if (accountId === by.userId) throw new SchoolgateError('INPUT_INVALID', 'You cannot remove your own account: ask another admin.');
    await this.db.transaction(async (tx) => {
      const gone = await tx.delete(users).where(and(eq(users.id, accountId), eq(users.schoolId, schoolId))).returning({ id: users.id, staffId: users.staffId });
      if (!gone.length) throw new SchoolgateError('NOT_FOUND', 'No such account in this school.');
      await tx.insert(auditEvents).values({ schoolId, actor: `staff:${by.staffId}`, action: 'account.removed', entityType: 'account', entityId: accountId, data: { staffId: gone[0]!.staffId } });
    });
  }

  /**
   * A sign-in vouched for by the school's identity provider (Microsoft Entra ID): the account with that email, or
   * else the member of staff whose school-file email it is (an account without a password is made for them).
   * Null when nobody in any school file has that email.
   */
  async signInVerified(emailAddress: string, now = new Date()): Promise<{ token: string; user: SessionUser } | null> {
    const email = emailAddress.trim().toLowerCase();
    let [row] = await this.db.select().from(users).where(eq(users.email, email));
    if (!row) {
      const matches = [...this.schools.values()].flatMap((school) => [...school.staffById.values()].filter((m) => m.contact?.email?.toLowerCase() === email).map((m) => ({ school, m })));
      if (matches.length !== 1) return null; // unknown, or ambiguous across schools: an admin must add the account
      const { school, m } = matches[0]!;
      // The school file ties this email to them: if they already have an account (under another email), it is theirs.
      const [existing] = await this.db.select().from(users).where(and(eq(users.schoolId, school.id), eq(users.staffId, m.id)));
      if (existing) return this.startSession(existing, now);
      const id = randomUUID();
      await this.db.transaction(async (tx) => {
        await tx.insert(users).values({ id, schoolId: school.id, staffId: m.id, email, passwordHash: NO_PASSWORD, admin: false });
        await tx.insert(auditEvents).values({ schoolId: school.id, actor: 'system', action: 'account.created', entityType: 'account', entityId: id, data: { staffId: m.id, admin: false, via: 'entra' } });
      });
      [row] = await this.db.select().from(users).where(eq(users.id, id));
    }
    return row ? this.startSession(row, now) : null;
  }

  /** Check an email and password; a new session token (for the cookie) when they match, else null. */
  async signIn(email: string, password: string, now = new Date()): Promise<{ token: string; user: SessionUser } | null> {
    const [row] = await this.db.select().from(users).where(eq(users.email, email.trim().toLowerCase()));
    dummyHash ??= hashPassword(randomUUID());
    // An account without a password (Microsoft sign-in only) is checked against the dummy too: same time, no match.
    const usable = row?.passwordHash.startsWith('scrypt$') ? row.passwordHash : null;
    const ok = (await verifyPassword(password, usable ?? (await dummyHash))) && usable !== null;
    if (!row || !ok) return null;
    return this.startSession(row, now);
  }

  private async startSession(row: typeof users.$inferSelect, now: Date): Promise<{ token: string; user: SessionUser } | null> {
    const user = this.userOf(row, '');
    if (!user) return null; // removed from the school file since: no access
    const token = randomBytes(32).toString('base64url');
    const csrfToken = randomBytes(24).toString('base64url');
    await this.db.insert(sessions).values({ tokenDigest: digest(token), userId: row.id, schoolId: row.schoolId, csrfToken, expiresAt: new Date(now.getTime() + SESSION_HOURS * 3_600_000).toISOString() });
    await this.db.delete(sessions).where(lt(sessions.expiresAt, now.toISOString()));
    return { token, user: { ...user, csrfToken } };
  }

  async session(token: string | undefined, now = new Date()): Promise<SessionUser | null> {
    if (!token || token.length > 100) return null;
    const [row] = await this.db
      .select({ user: users, csrfToken: sessions.csrfToken })
      .from(sessions)
      .innerJoin(users, eq(users.id, sessions.userId))
      .where(and(eq(sessions.tokenDigest, digest(token)), gt(sessions.expiresAt, now.toISOString())));
    return row ? this.userOf(row.user, row.csrfToken) : null;
  }

  async signOut(token: string | undefined): Promise<void> {
    if (token) await this.db.delete(sessions).where(eq(sessions.tokenDigest, digest(token)));
  }

  async count(): Promise<number> {
    const [r] = await this.db.select({ n: sql<number>`count(*)::int` }).from(users);
    return r?.n ?? 0;
  }

  private userOf(row: typeof users.$inferSelect, csrfToken: string): SessionUser | null {
    const member = this.schools.get(row.schoolId)?.staffById.get(row.staffId);
    if (!member) return null;
    return {
      userId: row.id,
      schoolId: row.schoolId,
      staffId: row.staffId,
      name: member.name,
      roles: member.roles,
      admin: row.admin,
      consoleRoles: consoleRolesOf(member.roles, row.admin),
      email: row.email,
      csrfToken,
    };
  }
}
