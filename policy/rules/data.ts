import { Rule } from "../types";

/** Rules of the data layer (see ../shared/security-checklist.md). */
export const dataRules: Rule[] = [];
