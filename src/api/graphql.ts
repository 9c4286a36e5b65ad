/**
 * graphql-js, imported through one path for the whole API.
 *
 * graphql 16 ships two builds, CommonJS (`index.js`) and ESM (`index.mjs`),
 * and its classes are checked with `instanceof`. Node loads the CommonJS one
 * for every package (type-graphql, Apollo, graphql-scalars), but Vite-based
 * tools such as vitest would hand our own sources the ESM one, and a scalar
 * or error made from the other copy is then not recognised. Importing the
 * file explicitly pins both to the same copy.
 * TODO: drop this module once graphql ships an `exports` map (graphql 17).
 */
export * from 'graphql/index.js';
