import { en, Faker } from '@faker-js/faker';
import { hash32 } from '../engine/random.js';

/** Seeded faker text: the same (seed, key) always gives the same sentence. One per mock. */
export function createTextSource(): (seed: string, key: string) => string {
  const faker = new Faker({ locale: [en] });
  return (seed, key) => {
    faker.seed(hash32(`${seed}\u0000${key}`));
    return faker.hacker.phrase();
  };
}
