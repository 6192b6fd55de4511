import type { Role } from '../domain/taxonomy';

/**
 * The console's roles, as a school names them. They are read from the school file's staff roles, never stored
 * apart from them: Teams, Slack, the console and the JSON API then refuse exactly the same things. `admin` is the
 * one console-only role (accounts and the simulator), kept on the account.
 */
export const CONSOLE_ROLES = ['office', 'staff', 'senior_reviewer', 'dsl', 'head_teacher', 'admin'] as const;
export type ConsoleRole = (typeof CONSOLE_ROLES)[number];

export const CONSOLE_ROLE_LABELS: Record<ConsoleRole, string> = {
  office: 'Office',
  staff: 'Staff',
  senior_reviewer: 'Senior reviewer',
  dsl: 'DSL',
  head_teacher: 'Head teacher',
  admin: 'Admin',
};

/** Which school-file roles give each console role (every member of staff is `staff`). */
const FROM_SCHOOL_FILE: Record<Exclude<ConsoleRole, 'admin' | 'staff'>, readonly Role[]> = {
  office: ['office'],
  senior_reviewer: ['senior_reviewer'],
  dsl: ['dsl', 'deputy_dsl'],
  head_teacher: ['head_teacher'],
};

export function consoleRolesOf(schoolRoles: readonly Role[], admin: boolean): ConsoleRole[] {
  const out: ConsoleRole[] = [];
  for (const [role, from] of Object.entries(FROM_SCHOOL_FILE) as [ConsoleRole, readonly Role[]][])
    if (schoolRoles.some((r) => from.includes(r))) out.push(role);
  out.push('staff');
  if (admin) out.push('admin');
  return out;
}

/** `--role senior-reviewer`, `--role DSL`, `--role "head teacher"`: the console role meant, or null. */
export function parseConsoleRole(text: string): ConsoleRole | null {
  const key = text.trim().toLowerCase().replace(/[\s-]+/g, '_');
  const aliases: Record<string, ConsoleRole> = { reviewer: 'senior_reviewer', head: 'head_teacher', deputy_dsl: 'dsl', teacher: 'staff' };
  return (CONSOLE_ROLES as readonly string[]).includes(key) ? (key as ConsoleRole) : (aliases[key] ?? null);
}

/** The school-file roles a console role needs, for the message when someone does not hold it. */
export const schoolRolesFor = (role: ConsoleRole): readonly Role[] => (role === 'admin' || role === 'staff' ? [] : FROM_SCHOOL_FILE[role]);
