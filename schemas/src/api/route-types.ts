/**
 * The types of a route's parts, read off the route table so that a client call is checked against it: its path
 * parameters from the path, its query from `query`, its request and success bodies from the body names, which
 * are $defs names of the schemas and so map to the generated types (MfoSchemas).
 */
import type { MfoSchemas } from "../generated/types.js";
import type { BodyRef, RouteKey, routes } from "./routes.js";

/** The route table entry of a key, with its literal types. */
export type RouteOf<K extends RouteKey> = Extract<(typeof routes)[number], { method: MethodOf<K>; path: PathOf<K> }>;
type MethodOf<K> = K extends `${infer M} ${string}` ? M : never;
type PathOf<K> = K extends `${string} ${infer P}` ? P : never;

/** The TS type of a body name: its schema's type, or unknown for free JSON. */
export type BodyTypeOf<B extends BodyRef> = B extends keyof MfoSchemas ? MfoSchemas[B] : unknown;

type ParamNames<P extends string> = P extends `${string}:${infer Name}/${infer Rest}`
  ? Name | ParamNames<`/${Rest}`>
  : P extends `${string}:${infer Name}`
    ? Name
    : never;

/** The path parameters of a route, e.g. { id: string; version: string | number } (numbers are written out). */
export type PathParamsOf<K extends RouteKey> = { [Name in ParamNames<PathOf<K>>]: string | number };

/** The request body of a route; undefined when it takes none. */
export type BodyOf<K extends RouteKey> =
  RouteOf<K> extends { body: infer B extends BodyRef } ? BodyTypeOf<B> : undefined;

/** The success body of a route; undefined when it answers without a JSON body (204, a stream, metrics text). */
export type ResponseOf<K extends RouteKey> =
  RouteOf<K> extends { ok: { body: infer B extends BodyRef } } ? BodyTypeOf<B> : undefined;

type QueryValue<T> = T extends "integer" ? number : T extends "boolean" ? boolean : string;

/** The query parameters of a route, all optional; empty when it takes none. */
export type QueryOf<K extends RouteKey> =
  RouteOf<K> extends { query: infer Q }
    ? { [Name in keyof Q]?: Q[Name] extends { type: infer T } ? QueryValue<T> : never }
    : Record<string, never>;
