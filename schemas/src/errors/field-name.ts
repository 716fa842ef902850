/**
 * Who a message is about: the field named by the last token of an error's JSON pointer, in words a person
 * reads ("/name" -> "Name", "/nodes/2/params/delayMs" -> "Delay ms", "/tags/0" -> "Item 1 of tags"). A message
 * that names its field still makes sense when it is shown away from the field (the problems list, the API).
 */
import { parsePointer } from "../json/pointer.js";

const INDEX = /^(0|[1-9][0-9]*)$/;
const LONGEST_NAME = 40;

/** "delayMs" -> "delay ms", "flow_type" -> "flow type": a property name as words, lower case. */
function words(token: string): string {
  const spaced = token
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/_/g, " ")
    .trim()
    .toLowerCase();
  if (spaced === "") return JSON.stringify(token);
  return spaced.length > LONGEST_NAME ? `${spaced.slice(0, LONGEST_NAME - 3)}...` : spaced;
}

const capitalise = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

/**
 * The field a pointer ends at, capitalised to start a sentence; undefined for the root (the value itself),
 * where the message is about whatever holds the value and its caller names that.
 */
export function fieldName(path: string): string | undefined {
  const tokens = parsePointer(path);
  const last = tokens?.at(-1);
  if (tokens === undefined || last === undefined) return undefined;
  if (!INDEX.test(last)) return capitalise(words(last));
  const parent = tokens.at(-2);
  const item = `item ${Number(last) + 1}`;
  return capitalise(parent === undefined || INDEX.test(parent) ? item : `${item} of ${words(parent)}`);
}

/** "Name must not be empty" for "/name"; the bare predicate for the root. */
export function sentence(path: string, predicate: string): string {
  const subject = fieldName(path);
  return subject === undefined ? predicate : `${subject} ${predicate}`;
}
