import type { School } from '../config/load-school';

/**
 * Who the minimiser must know about. Children and parents in the school file are personal data and are always
 * replaced. Staff names and aliases, class names and the school's own name are kept: they are the school's
 * public working names, not data about a child, and the model needs them (a damaging claim about a *named*
 * member of staff is `defamatory`; "Rowan class" routes to a teacher). A staff name that is also the name of
 * a child in the file is replaced, because the child's privacy wins.
 */
export interface PrivacyDirectory {
  readonly children: readonly string[];
  readonly parents: readonly string[];
  readonly keep: readonly string[];
}

const cache = new WeakMap<School, PrivacyDirectory>();

export function privacyDirectory(school: School): PrivacyDirectory {
  let d = cache.get(school);
  if (!d) {
    const f = school.file;
    d = Object.freeze({
      children: f.parents.flatMap((p) => p.children.map((c) => c.name)),
      parents: f.parents.map((p) => p.name),
      keep: [
        ...f.staff.flatMap((s) => [s.name, ...s.aliases]),
        ...f.staff.flatMap((s) => s.classes),
        f.school.name,
      ],
    });
    cache.set(school, d);
  }
  return d;
}
