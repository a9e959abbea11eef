import type { Faker } from '@faker-js/faker';
import { faker as english } from '@faker-js/faker/locale/en';
import { hash32 } from '../engine/random.js';

// Only the English locale is loaded: the package root imports every locale (~250 ms at start).
// Its definitions are en with the base fallback, which hacker.phrase() needs ([en] alone throws).
const EnglishFaker = english.constructor as typeof Faker;

/** Seeded faker text: the same (seed, key) always gives the same sentence. One per mock. */
export function createTextSource(): (seed: string, key: string) => string {
  const faker = new EnglishFaker({ locale: [english.rawDefinitions] });
  return (seed, key) => {
    faker.seed(hash32(`${seed}\u0000${key}`));
    return faker.hacker.phrase();
  };
}
