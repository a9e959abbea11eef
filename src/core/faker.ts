/**
 * Seeded @faker-js/faker text for `{{text}}`, `{{words n}}` and `{{fake path}}`: the same seed
 * always gives the same value. One faker per mock, reseeded per value.
 */
import type { Faker } from '@faker-js/faker';
import { faker as english } from '@faker-js/faker/locale/en';
import { TemplateError } from './template.js';

// Only the English locale is loaded: the package root imports every locale (~250 ms at start).
// Its definitions are en with the base fallback, which hacker.phrase() needs ([en] alone throws).
const EnglishFaker = english.constructor as typeof Faker;

/** `(path, seed) → value`; `path` is a faker method such as `person.fullName` (`lorem.words:3` passes 3). */
export function createFakerSource(): (path: string, seed: number) => unknown {
  let faker: Faker | undefined;
  return (path, seed) => {
    faker ??= new EnglishFaker({ locale: [english.rawDefinitions] });
    const [name = '', arg] = path.split(':');
    const [group, method] = name.split('.');
    const module = (faker as unknown as Record<string, Record<string, unknown> | undefined>)[group ?? ''];
    const fn = module && Object.prototype.hasOwnProperty.call(Object.getPrototypeOf(module) ?? {}, method ?? '') ? module[method ?? ''] : undefined;
    if (typeof fn !== 'function') throw new TemplateError(`{{fake ${name}}}: faker has no ${name}. Use a faker method such as lorem.sentence or person.fullName.`);
    faker.seed(seed);
    return arg === undefined ? fn.call(module) : fn.call(module, Number(arg));
  };
}
