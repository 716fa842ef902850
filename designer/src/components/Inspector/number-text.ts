/** The number typed into a numeric field; an emptied field means "not set" (the field's default applies). */
export const numberOrUnset = (text: string): number | undefined => (text.trim() === "" ? undefined : Number(text));
